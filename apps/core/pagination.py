"""Pagination for the list pages."""

from django.core import paginator


class Paginator(paginator.Paginator):
    """Django's paginator, reading the first page before counting.

    A first page with room to spare is the whole list, so its length is the count and
    the COUNT query is never sent (a filtered search usually fits on one page). A full
    first page is counted only when asked, as Django does; other pages are Django's.
    """

    def get_page(self, number):
        try:
            first = int(number) == 1
        except (TypeError, ValueError):
            first = True  # Django shows the first page for a missing or non-numeric one
        if not first or self.orphans or "count" in self.__dict__:
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.count = len(rows)
        return self._get_page(rows, 1, self)
