from django.apps import AppConfig


class PlaceConfig(AppConfig):
    name = "apps.place"
    verbose_name = "Place: office space"
