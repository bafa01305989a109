from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.moderation import services as moderation
from apps.people.models import SkillLine, SurveyResponse, SurveyRound
from apps.profile.models import Organisation
from apps.profile.services import organisation_submit


@transaction.atomic
def survey_response_submit(
    *,
    survey_round: SurveyRound,
    organisation: Organisation | None = None,
    new_organisation: dict | None = None,
    answers: dict,
    lines: list[dict],
    contact_name: str,
    contact_email: str,
) -> SurveyResponse:
    """Store a response with its skill lines and email the confirmation link.

    The response is for an existing organisation, or brings new organisation details
    that become an unconfirmed directory entry; confirming the response confirms that
    entry too (apps.people.signals). Nothing is written unless everything is valid.
    """
    # Lock the round so it cannot be closed half-way through a submission.
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if not survey_round.is_open():
        raise ValidationError("This survey round has closed.")
    if not lines:
        raise ValidationError("Add at least one skill.")
    skill_ids = [line["skill"].pk for line in lines]
    if len(set(skill_ids)) != len(skill_ids):
        raise ValidationError("Each skill may appear once in a response.")
    if (organisation is None) == (new_organisation is None):
        raise ValidationError("Give either an existing organisation or new details.")
    if new_organisation is not None:
        organisation = organisation_submit(
            values={
                **new_organisation,
                "contact_name": contact_name,
                "contact_email": contact_email,
            },
            send_confirmation=False,
        )
    response = SurveyResponse(
        round=survey_round,
        organisation=organisation,
        contact_name=contact_name,
        contact_email=contact_email,
        **answers,
    )
    response.full_clean()
    response.save()
    skill_lines = [SkillLine(response=response, **line) for line in lines]
    for line in skill_lines:
        line.full_clean(validate_unique=False, validate_constraints=False)
    SkillLine.objects.bulk_create(skill_lines)
    moderation.submission_received(obj=response)
    return response
