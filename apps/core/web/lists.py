"""The one recipe for a public list page (CONTRIBUTING.md, "A list page", says how to
add one).

A list page is a `ListPage` subclass, which is django-filter's `FilterView` (Django's
`ListView` with a FilterSet) set up the same way for every page:

1. `get_queryset()` returns a queryset method named for the listing, such as
   `Opportunity.objects.for_listing(today)`, which owns the page's `select_related` and
   `prefetch_related`. It is a method, not a `queryset` attribute, because a listing
   depends on the date and time of the request.
2. `filterset_class` is a django-filter FilterSet, in the app's `filters.py`.
3. `paginator_class` is the project's `Paginator` (apps/core/web/pagination.py), or
   `MatchCountPaginator` for a ranked search whose rows carry their count.
4. `template_name` is a page that loops over `page_obj.object_list` and includes one
   card partial per item (`{% include "app/includes/card.html#thing_card" %}`); the
   FilterSet is `filter` in the template.
5. The shared page cache (apps/core/web/pagecache.py, a middleware) serves the page to
   anonymous visitors, so the page must not carry a CSRF form: link to a form's own page.

tests/test_list_pages.py walks the URL conf and checks every list page against this.
"""

from django_filters.views import FilterView

from apps.core.web.pagination import Paginator


class ListPage(FilterView):
    """A public, filtered, paginated list page. Subclasses set `filterset_class`,
    `template_name` and `paginate_by`, and return the listing from `get_queryset()`;
    extra template variables come from `get_context_data()` as in any Django list view."""

    paginator_class = Paginator
    # A filter value that does not validate is dropped (the FilterSet filters on the
    # valid values alone) rather than emptying the list.
    strict = False

    def get_filterset_kwargs(self, filterset_class):
        # Bound even to an empty query string, so the form always has cleaned_data.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def paginate_queryset(self, queryset, page_size):
        # get_page(), not ListView's page(): a page number that is out of range or not a
        # number shows the nearest page instead of a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
