"""The brand toolkit at /brand/: key messages, key facts and downloadable assets."""

from django.shortcuts import render

from apps.profile.models import BrandAsset, KeyFact, KeyMessage


def brand_toolkit(request):
    return render(
        request,
        "profile/brand/toolkit.html",
        {
            "messages_list": KeyMessage.objects.all(),
            "facts": KeyFact.objects.published(),
            "assets": BrandAsset.objects.published(),
        },
    )
