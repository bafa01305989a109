"""Pagination for the list pages: Django's Paginator, told the count when the rows
already give it, through its documented parts only (get_page(), count and Page)."""

from django.core import paginator


def _requested(number):
    """The page number asked for, as Paginator.get_page() reads it: the first page for a
    missing or non-numeric one; None for one that get_page() must decide (out of range)."""
    try:
        if isinstance(number, float) and not number.is_integer():
            return 1
        number = int(number)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else None


class Paginator(paginator.Paginator):
    """Django's paginator, reading the first page before counting.

    A first page with room to spare is the whole list, so its length is the count and
    the COUNT query is never sent (a filtered search usually fits on one page). A full
    first page is counted only when asked, as Django does; other pages are Django's.
    """

    def get_page(self, number):
        if _requested(number) != 1 or self.orphans or not self.allow_empty_first_page:
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.count = len(rows)  # what the cached property would have counted
        return paginator.Page(rows, 1, self)


class MatchCountPaginator(paginator.Paginator):
    """Pages of a query whose rows carry its number of rows in a `match_count` column
    (such as OrganisationQuerySet.with_match_count(), a window count): the count comes
    from the page's first row, not a COUNT query. A page past the end has no rows to
    tell, and is Django's (the last page, after a COUNT)."""

    def get_page(self, number):
        requested = _requested(number)
        if requested is None or self.orphans or not self.allow_empty_first_page:
            return super().get_page(number)
        number = requested
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if rows:
            self.count = rows[0].match_count
        elif number == 1:
            self.count = 0  # nothing matches: no second look
        else:
            return super().get_page(number)
        return paginator.Page(rows, number, self)
