"""The brand toolkit at /brand/: key messages, key facts, the brand's colours, type and
logo use, downloadable assets, and the brand guidelines PDF made from the same content."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.profile import brand, facts
from apps.profile.models import BrandAsset, KeyMessage


@require_safe
def brand_toolkit(request):
    return render(
        request,
        "profile/brand/toolkit.html",
        {
            "messages_list": KeyMessage.objects.all(),
            "facts": facts.facts(),
            "assets": BrandAsset.objects.published(),
            "colours": brand.COLOURS,
            "type_rules": brand.TYPE,
            "logo_rules": brand.LOGO_RULES,
            "voice": brand.VOICE,
        },
    )


@require_safe
def guidelines_pdf(request):
    content = brand.guidelines_pdf(messages=KeyMessage.objects.all(), facts=facts.facts())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="newcastle-gateshead-tech-brand.pdf"'
    return response
