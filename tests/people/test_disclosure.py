"""Secondary suppression (decision 0053) on hand-built tables: the fewest cells are
withheld, a total above the threshold never is, and subtraction never reveals a figure
from one or two organisations."""

from apps.people import skills_map as maps
from apps.people.skills_map import FEW, SUPPRESS_BELOW, WITHHELD, Figures, complement


def cell(orgs, vacancies, *members):
    """A skill's figures from `orgs` organisations (the ids `members` when fewer than 3)."""
    small = orgs < SUPPRESS_BELOW
    return Figures(
        orgs=orgs,
        staff=vacancies * 2,
        vacancies=vacancies,
        difficulty=3.0,
        suppressed=FEW if small else None,
        members=frozenset(members) if small else None,
    )


def shown(cells):
    return [c.vacancies if c.visible else c.suppressed for c in cells]


def what_subtraction_reveals(total, cells):
    """What a reader can work out from the published total and visible cells: the sum of
    the hidden cells, and how many organisations it comes from (None: at least 3)."""
    hidden = [c for c in cells if not c.visible]
    if not total.visible or not hidden:
        return None
    members = set()
    for c in hidden:
        if c.members is None:
            return total.vacancies - sum(c.vacancies for c in cells if c.visible), None
        members |= c.members
    return total.vacancies - sum(c.vacancies for c in cells if c.visible), len(members)


def test_nothing_is_withheld_when_nothing_is_suppressed():
    cells = [cell(10, 5), cell(4, 2), cell(3, 1)]
    total = cell(12, 8)
    assert complement(cells, total=total) is None
    assert shown(cells) == [5, 2, 1]
    assert total.visible


def test_the_differencing_case_withholds_the_smallest_complementary_cell_not_the_total():
    # Category total 22 organisations; one skill from a single organisation (id 7).
    cells = [cell(15, 30), cell(6, 4), cell(3, 9), cell(1, 12, 7)]
    total = cell(22, 55)
    before = what_subtraction_reveals(total, cells)
    assert before == (12, 1)  # the lone organisation's 12 vacancies, by subtraction

    withheld = complement(cells, total=total)

    assert withheld is cells[2]  # fewest organisations among the visible cells
    assert shown(cells) == [30, 4, WITHHELD, FEW]
    assert total.visible, "a total from 22 organisations must stay visible"
    revealed, organisations = what_subtraction_reveals(total, cells)
    assert revealed == 21 and organisations is None  # 3 + 1 organisations: safe


def test_hidden_cells_from_three_different_organisations_need_no_complement():
    cells = [cell(10, 5), cell(2, 3, 1, 2), cell(1, 4, 3)]
    total = cell(12, 12)
    assert complement(cells, total=total) is None
    assert shown(cells) == [5, FEW, FEW]


def test_hidden_cells_from_the_same_two_organisations_still_need_a_complement():
    # Two suppressed skills, but both from organisations 1 and 2: their sum is theirs.
    cells = [cell(10, 5), cell(5, 1), cell(2, 3, 1, 2), cell(1, 4, 2)]
    total = cell(12, 13)
    assert complement(cells, total=total) is cells[1]
    assert shown(cells) == [5, WITHHELD, FEW, FEW]
    assert total.visible


def test_ties_go_to_the_cell_with_fewer_vacancies():
    cells = [cell(4, 9), cell(4, 2), cell(1, 1, 5)]
    complement(cells, total=cell(8, 12))
    assert shown(cells) == [9, WITHHELD, FEW]


def test_empty_cells_reveal_nothing_and_need_no_complement():
    cells = [cell(10, 5), cell(0, 0), cell(0, 0)]
    assert complement(cells, total=cell(10, 5)) is None
    assert shown(cells) == [5, FEW, FEW]


def test_the_total_is_withheld_only_when_no_visible_cell_is_left():
    # Cannot come from real data (the total would itself be from fewer than 3), but the
    # rule must still never leave a derivable figure.
    cells = [cell(1, 3, 1), cell(1, 4, 2)]
    total = Figures(orgs=3, vacancies=7, suppressed=None, members=None)
    assert complement(cells, total=total) is total
    assert total.suppressed == WITHHELD


def test_a_heatmap_row_withholds_one_cell_by_organisation_size():
    cells = [
        maps.HeatCell(orgs=0, vacancies=0),
        maps.HeatCell(orgs=3, vacancies=6, suppressed=None, members=None),
        maps.HeatCell(orgs=4, vacancies=8, suppressed=None, members=None),
        maps.HeatCell(orgs=1, vacancies=2, members=frozenset({9})),
    ]
    complement(cells)
    assert [c.suppressed for c in cells] == [FEW, WITHHELD, None, FEW]
