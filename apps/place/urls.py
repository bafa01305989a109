from django.urls import path

from apps.core.views import check_your_email
from apps.place import views

app_name = "place"

urlpatterns = [
    path("", views.SpaceSearchPage.as_view(), name="search"),
    path("map.geojson", views.geojson, name="geojson"),
    path("add/", views.building_add, name="add"),
    path(
        "add/check-your-email/",
        check_your_email,
        {"template": "place/submitted.html", "start": "place:add"},
        name="submitted",
    ),
    path("needs/add/", views.need_add, name="need_add"),
    path(
        "needs/add/check-your-email/",
        check_your_email,
        {"template": "place/need_submitted.html", "start": "place:need_add"},
        name="need_submitted",
    ),
    path("needs/update/<str:reference>/", views.need_edit, name="need_edit"),
    path("update/<str:reference>/", views.building_edit, name="edit"),
    path("update/<str:reference>/spaces/", views.spaces_edit, name="edit_spaces"),
    path("update/<str:reference>/let/<int:space>/", views.space_let, name="let"),
    path("update/<str:reference>/withdraw/<int:space>/", views.space_withdraw, name="withdraw"),
    path("update/<str:reference>/photos/", views.photos_edit, name="edit_photos"),
    path("building/<slug:slug>/", views.building_detail, name="building"),
    path("<slug:slug>/", views.detail, name="detail"),
]
