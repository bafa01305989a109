import copy

import django_filters
from django.http import QueryDict
from django_filters.filters import FilterMethod


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet that builds its form class once, not on every request.

    django-filter deep-copies every filter for each FilterSet (choices, widgets and
    querysets included), then builds a new field for each and a new form class from
    them: about 0.4 ms a request for the directory's six filters, before the form
    copies its fields again. The fields depend only on the filters, which are declared
    in code, so one form class serves every request. Its form still copies the fields,
    so no request sees another's. A filter whose queryset is a function of the request
    needs a field per request, and gets django-filter's behaviour."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's __init__, with the filters copied as _copy_filters() says.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        if self._per_request():
            self.filters = copy.deepcopy(self.base_filters)
        else:
            self.filters = self._copy_filters()
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    @classmethod
    def _per_request(cls):
        return any(callable(getattr(f, "queryset", None)) for f in cls.base_filters.values())

    @classmethod
    def _copy_filters(cls):
        """What django-filter's deep copy gives each FilterSet, for the attributes a
        filter changes or binds: the parent, the model and the method proxy."""
        filters = {}
        for name, base in cls.base_filters.items():
            filter_ = copy.copy(base)
            filter_.extra = base.extra.copy()
            if isinstance(base.__dict__.get("filter"), FilterMethod):
                filter_.filter = FilterMethod(filter_)
            filters[name] = filter_
        return filters

    @classmethod
    def form_class(cls):
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            filters = copy.deepcopy(cls.base_filters)
            for filter_ in filters.values():
                filter_.model = cls._meta.model
            fields = {name: filter_.field for name, filter_ in filters.items()}
            form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
            cls._form_class = form_class
        return form_class

    def get_form_class(self):
        if self._per_request():
            return super().get_form_class()
        return self.form_class()


class ReadChoiceFilter(django_filters.Filter):
    """One value from options the form reads from the database (such as with
    apps.core.choices.read_options_later), rather than a model choice: the cleaned value
    is the value itself (a slug, say), and is filtered on as it is.

    Not a ChoiceFilter, whose choices are fixed in code: the API's schema lists those as
    an enum, and ChoiceFilter reads its null value ("null") as "is null"."""

    field_class = django_filters.fields.ChoiceField
