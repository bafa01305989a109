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


class MatchCountPaginator(Paginator):
    """Pages of a query whose rows carry its number of rows in a `match_count` column
    (such as OrganisationQuerySet.with_match_count(), a window count): the count comes
    from the page's first row, not a COUNT query. A page past the end has no rows to
    tell, and is Paginator's (the last page, after a COUNT)."""

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1  # Django shows the first page for a missing or non-numeric one
        if number < 1 or self.orphans:
            return super().get_page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and number == 1 and self.allow_empty_first_page:
            self.count = 0  # nothing matches: no second look
        elif not rows:
            return super().get_page(number)
        else:
            self.count = rows[0].match_count
        return self._get_page(rows, number, self)
