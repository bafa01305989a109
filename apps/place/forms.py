import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from apps.core.models import Area
from apps.core.web.forms import (
    KeptImageUploadField,
    PublicForm,
    PublicModelForm,
    date_input,
    limit_links,
)
from apps.place import geocoding
from apps.place.models import Amenity, Building, BuildingPhoto, Enquiry, Space, SpaceNeed
from apps.profile.models import Organisation

# Roughly Newcastle and Gateshead with a margin: a pin outside is almost always a typo.
REGION_LAT = (Decimal("54.85"), Decimal("55.10"))
REGION_LNG = (Decimal("-1.85"), Decimal("-1.40"))
SPACE_ROWS = 3
MAX_SPACES = 20
MAX_PHOTOS = 8


def check_desk_range(form, cleaned):
    """A listing's or a need's fewest desks may not exceed its most: said by the most."""
    low, high = cleaned.get("desks_min"), cleaned.get("desks_max")
    if low and high and low > high:
        form.add_error(
            "desks_max", "The most desks must be the same as or more than the fewest desks."
        )


class BuildingForm(PublicModelForm):
    """The building part of a listing, used to add and to edit."""

    amenities = forms.ModelMultipleChoiceField(
        queryset=Amenity.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose all that the building offers.",
    )

    class Meta:
        model = Building
        fields = [
            "name",
            "description",
            "address",
            "postcode",
            "area",
            "latitude",
            "longitude",
            "amenities",
            "broadband_mbps",
            "epc_rating",
            "step_free",
            "access_notes",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "name": "Building name",
            "description": "About the building",
            "address": "Street address",
            "area": "Which area is it in?",
            "latitude": "Latitude",
            "longitude": "Longitude",
            "broadband_mbps": "Broadband speed in Mbps",
            "epc_rating": "EPC rating",
            "step_free": "There is step-free access to the spaces",
            "access_notes": "Accessibility notes",
            "contact_name": "Your name",
            "contact_email": "Your email address",
        }
        help_texts = {
            "description": "What it is like to work there. 3,000 characters at most.",
            "address": "For example, 12 Lime Street, Newcastle upon Tyne.",
            "postcode": "For example, NE1 2PQ. We use it to put the building on the map.",
            "latitude": "In decimal degrees, for example 54.973900. Most online maps show "
            "this when you select a point.",
            "longitude": "For example, -1.601400. West of Greenwich is negative.",
            "broadband_mbps": "The fastest speed available to tenants, for example 1000.",
            "access_notes": "Lifts, accessible toilets, parking, hearing loops, and anything "
            "a disabled visitor should know.",
            "contact_name": "Private: only council staff see this.",
            "contact_email": "Private. Enquiries are forwarded here; we never show it. We send "
            "a link to confirm your listing, and later to let you update it.",
        }
        error_messages = {
            "name": {"required": "Enter the name of the building."},
            "address": {"required": "Enter the street address."},
            "postcode": {"required": "Enter the postcode."},
            "area": {"required": "Choose the area the building is in."},
            "latitude": {
                "invalid": "Enter the latitude as a number, for example 54.973900.",
            },
            "longitude": {
                "invalid": "Enter the longitude as a number, for example -1.601400.",
            },
            "contact_email": {
                "required": "Enter your email address.",
                "invalid": "Enter an email address in the correct format, like name@example.com.",
            },
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "area": forms.Select,
            "postcode": forms.TextInput(attrs={"class": "input-short", "autocomplete": "off"}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "class": "input-short"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "class": "input-short"}),
            "broadband_mbps": forms.NumberInput(attrs={"class": "input-short"}),
            "access_notes": forms.Textarea(attrs={"rows": 3}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].validators += [MaxLengthValidator(3000), limit_links(2)]
        self.fields["access_notes"].validators += [MaxLengthValidator(2000), limit_links(1)]
        self.fields["area"].empty_label = "Choose an area"
        self.fields["epc_rating"].choices = [("", "Not known")] + list(Building.Epc.choices)
        # The postcode places the pin; these only move it (`locate()`).
        self.fields["latitude"].required = False
        self.fields["longitude"].required = False
        self.location_source = None

    def clean_postcode(self):
        return " ".join(self.cleaned_data["postcode"].upper().split())

    def clean_latitude(self):
        value = self.cleaned_data["latitude"]
        if value is not None and not REGION_LAT[0] <= value <= REGION_LAT[1]:
            raise forms.ValidationError(
                "Enter a latitude in Newcastle or Gateshead, between 54.85 and 55.10."
            )
        return value

    def clean_longitude(self):
        value = self.cleaned_data["longitude"]
        if value is not None and not REGION_LNG[0] <= value <= REGION_LNG[1]:
            raise forms.ValidationError(
                "Enter a longitude in Newcastle or Gateshead, between -1.85 and -1.40."
            )
        return value

    SECTIONS = {
        "building": ["name", "description", "address", "postcode", "area"],
        "position": ["latitude", "longitude"],
        "facilities": ["amenities", "broadband_mbps", "epc_rating", "step_free", "access_notes"],
        "you": ["contact_name"],
    }

    def section(self, name):
        """Bound fields of one part of the form, so the page can group them in fieldsets."""
        return [self[field] for field in self.SECTIONS[name]]

    def building_section(self):
        return self.section("building")

    def position_section(self):
        return self.section("position")

    def position_open(self):
        """Show the position fields open when they hold an error or a pin of the form's."""
        return any(self[name].errors for name in ("latitude", "longitude")) or bool(
            self.is_bound and (self.data.get("latitude") or self.data.get("longitude"))
        )

    def facilities_section(self):
        return self.section("facilities")

    def map_centre(self):
        """Where the map of the position form opens when no pin is set yet."""
        return Area.REGION_CENTRE

    def you_section(self):
        return self.section("you")

    def clean(self):
        cleaned = super().clean()
        self.locate(cleaned)
        return cleaned

    def locate(self, cleaned):
        """Where the pin goes: where the landlord put it, else the postcode's location from
        the geocoder, else the centre of the chosen area."""
        lat, lng = cleaned.get("latitude"), cleaned.get("longitude")
        if self.has_error("latitude") or self.has_error("longitude"):
            return
        moved = not self.instance.pk or {"latitude", "longitude"} & set(self.changed_data)
        if lat is not None and lng is not None and moved:
            self.location_source = "pin"
            return
        if (lat is None) != (lng is None):
            missing = "longitude" if lng is None else "latitude"
            self.add_error(missing, f"Enter the {missing} too, or leave both blank.")
            return
        if self.instance.pk and "postcode" not in self.changed_data and lat is not None:
            return  # an edit that leaves the postcode and the pin alone
        point = geocoding.postcode_location(cleaned.get("postcode"))
        if (
            point
            and REGION_LAT[0] <= point[0] <= REGION_LAT[1]
            and (REGION_LNG[0] <= point[1] <= REGION_LNG[1])
        ):
            self.location_source = "postcode"
        elif cleaned.get("area") is not None:
            point, self.location_source = cleaned["area"].centre, "area"
        else:
            return
        cleaned["latitude"], cleaned["longitude"] = point

    def submitter_values(self):
        return {
            name: self.cleaned_data[name]
            for name in Building.submitter_editable_fields
            if name in self.cleaned_data
        }


class BuildingAddForm(BuildingForm):
    landlord_name = forms.CharField(
        label="Landlord",
        max_length=150,
        error_messages={"required": "Enter the name of the landlord."},
        help_text="The business that lets the space. If it is already in our directory and "
        "you use the email address it has with us, we link the listing to it.",
    )
    landlord_kind = forms.ChoiceField(
        label="What kind of organisation is the landlord?",
        choices=Organisation.Kind.choices,
        initial=Organisation.Kind.SME,
    )
    landlord_size = forms.ChoiceField(
        label="How many people work for the landlord?",
        choices=Organisation.EmployeeBand.choices,
        initial=Organisation.EmployeeBand.MICRO,
    )
    photo = KeptImageUploadField(
        required=False,
        label="Photo of the building",
        help_text="A JPEG, PNG or WebP image, smaller than 5 MB.",
    )
    photo_alt = forms.CharField(
        required=False,
        max_length=200,
        label="Describe the photo",
        help_text="For people who cannot see it, for example ‘Open-plan office with "
        "windows onto the river’. Needed if you add a photo.",
    )
    consent = forms.BooleanField(
        label="I confirm that I may list this space, and I have read the privacy notice",
        error_messages={"required": "Confirm that you may list this space."},
    )

    SECTIONS = {
        **BuildingForm.SECTIONS,
        "facilities": [*BuildingForm.SECTIONS["facilities"], "photo", "photo_alt"],
        "landlord": ["landlord_name", "landlord_kind", "landlord_size"],
        "you": ["contact_name", "contact_email", "consent"],
    }

    def landlord_section(self):
        return self.section("landlord")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not cleaned.get("photo_alt", "").strip():
            self.add_error("photo_alt", "Describe the photo, so everyone can understand it.")
        return cleaned

    def create_values(self):
        values = self.submitter_values()
        values["contact_email"] = self.cleaned_data["contact_email"]
        return values

    def landlord_values(self):
        return {
            "name": self.cleaned_data["landlord_name"],
            "kind": self.cleaned_data["landlord_kind"],
            "employee_band": self.cleaned_data["landlord_size"],
        }

    def photos(self):
        if self.cleaned_data.get("photo"):
            return [(self.cleaned_data["photo"], self.cleaned_data["photo_alt"].strip())]
        return []


class BuildingEditForm(BuildingForm):
    class Meta(BuildingForm.Meta):
        fields = [f for f in BuildingForm.Meta.fields if f != "contact_email"]


class SpaceForm(forms.ModelForm):
    """One space in the landlord's listing. Blank extra rows are ignored."""

    class Meta:
        model = Space
        fields = [
            "name",
            "kind",
            "desks_min",
            "desks_max",
            "size_sqft",
            "price",
            "price_basis",
            "terms",
            "min_months",
            "available_from",
        ]
        labels = {
            "name": "Name or unit",
            "kind": "Kind of space",
            "desks_min": "Fewest desks",
            "desks_max": "Most desks",
            "size_sqft": "Size in square feet",
            "price": "Price in pounds",
            "price_basis": "The price is",
            "terms": "Terms",
            "min_months": "Minimum term in months",
            "available_from": "Available from",
        }
        help_texts = {
            "name": "For example, Suite 2.1 or Second floor.",
            "price": "Excluding VAT. For example, 275 or 18.50.",
            "available_from": "For example, 2027-03-01. Today or later.",
        }
        error_messages = {
            "kind": {"required": "Choose the kind of space."},
            "desks_min": {"required": "Enter the fewest desks the space takes."},
            "desks_max": {"required": "Enter the most desks the space takes."},
            "size_sqft": {"required": "Enter the size in square feet."},
            "price": {"required": "Enter the price in pounds."},
            "price_basis": {"required": "Choose whether the price is per desk or per sq ft."},
            "terms": {"required": "Choose licence or lease."},
            "min_months": {"required": "Enter the minimum term in months."},
            "available_from": {
                "required": "Enter the date the space is available from.",
                "invalid": "Enter the date as year-month-day, for example 2027-03-01.",
            },
        }
        widgets = {
            "kind": forms.Select,
            "desks_min": forms.NumberInput(attrs={"class": "input-short", "min": 1}),
            "desks_max": forms.NumberInput(attrs={"class": "input-short", "min": 1}),
            "size_sqft": forms.NumberInput(attrs={"class": "input-short", "min": 1}),
            "price": forms.NumberInput(attrs={"class": "input-short", "min": 0, "step": "0.01"}),
            "price_basis": forms.Select,
            "terms": forms.Select,
            "min_months": forms.NumberInput(attrs={"class": "input-short", "min": 1}),
            "available_from": date_input({"class": "input-short"}),
        }

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].choices = [("", "Choose a kind")] + list(Space.Kind.choices)
        self.fields["price_basis"].choices = [("", "Choose one")] + list(Space.PriceBasis.choices)
        self.fields["terms"].choices = [("", "Choose one")] + list(Space.Terms.choices)
        # No pre-filled values, so a blank extra row is recognised as unchanged.
        self.fields["min_months"].initial = None

    def clean_price(self):
        value = self.cleaned_data["price"]
        if value is not None and value < 0:
            raise forms.ValidationError("Enter a price of £0 or more.")
        return value

    def _at_least_one(self, name, label):
        value = self.cleaned_data[name]
        if value is not None and value < 1:
            raise forms.ValidationError(f"Enter {label} of 1 or more.")
        return value

    def clean_desks_min(self):
        return self._at_least_one("desks_min", "a number of desks")

    def clean_desks_max(self):
        return self._at_least_one("desks_max", "a number of desks")

    def clean_size_sqft(self):
        return self._at_least_one("size_sqft", "a size")

    def clean_min_months(self):
        return self._at_least_one("min_months", "a minimum term")

    def clean_available_from(self):
        value = self.cleaned_data["available_from"]
        # A listed space that is already available keeps its past date.
        unchanged = self.instance.pk and value == self.instance.available_from
        if value and value < self.today and not unchanged:
            raise forms.ValidationError("The date the space is available must be today or later.")
        return value

    def clean(self):
        cleaned = super().clean()
        check_desk_range(self, cleaned)
        return cleaned

    def space_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class BaseSpaceFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": "Add at least one space: fill in Space 1.",
        "too_many_forms": "List %(num)d spaces at most in one go.",
    }

    def __init__(self, *args, today=None, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "today": self.today}

    def space_values(self):
        return [
            form.space_values() for form in self.forms if form.has_changed() and form.cleaned_data
        ]


SpaceFormSet = forms.formset_factory(
    SpaceForm,
    formset=BaseSpaceFormSet,
    extra=SPACE_ROWS - 1,
    min_num=1,
    validate_min=True,
    max_num=MAX_SPACES,
    validate_max=True,
)


class SpaceFactsForm(SpaceForm):
    """The facts of a listed space a landlord keeps current without review: numbers,
    dates and choices, no free text."""

    class Meta(SpaceForm.Meta):
        fields = [
            "desks_min",
            "desks_max",
            "size_sqft",
            "price",
            "price_basis",
            "terms",
            "min_months",
            "available_from",
        ]


SpaceFactsFormSet = forms.modelformset_factory(
    Space, form=SpaceFactsForm, extra=0, can_delete=False, edit_only=True
)


class BuildingPhotoForm(forms.ModelForm):
    """One of a building's photos on the landlord's update page: replace the image, change
    its description, or remove it; or, in the blank row, add a new one."""

    image = KeptImageUploadField(
        required=False,
        label="Photo",
        help_text="A JPEG, PNG or WebP image, smaller than 5 MB.",
    )

    class Meta:
        model = BuildingPhoto
        fields = ["image", "alt_text"]
        labels = {"alt_text": "Describe the photo"}
        help_texts = {
            "alt_text": "For people who cannot see it, for example ‘Open-plan office with "
            "windows onto the river’."
        }
        error_messages = {
            "alt_text": {"required": "Describe the photo, so everyone can understand it."}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An existing photo is replaced, never emptied: "Remove" below takes it away.
        self.fields["image"].required = bool(self.instance.pk)
        self.fields["image"].error_messages["required"] = "Choose a photo."
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = "Remove this photo"

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("image") and not self.has_error("image"):
            self.add_error("image", "Choose a photo to add, or leave this row blank.")
        return cleaned


class BaseBuildingPhotoFormSet(forms.BaseModelFormSet):
    default_error_messages = {
        **forms.BaseModelFormSet.default_error_messages,
        "too_many_forms": "Add %(num)d photos at most.",
    }


BuildingPhotoFormSet = forms.modelformset_factory(
    BuildingPhoto,
    form=BuildingPhotoForm,
    formset=BaseBuildingPhotoFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_PHOTOS,
    validate_max=True,
)


class EnquiryForm(PublicModelForm):
    class Meta:
        model = Enquiry
        fields = ["name", "email", "organisation_name", "phone", "desks", "message"]
        labels = {"message": "Your message"}
        error_messages = {
            "name": {"required": "Enter your name."},
            "email": {
                "required": "Enter your email address, so the landlord can reply.",
                "invalid": "Enter an email address in the correct format, like name@example.com.",
            },
            "message": {"required": "Write your message to the landlord."},
        }
        help_texts = {
            "email": "The landlord replies to this address.",
            "message": "What you are looking for and when. 3,000 characters at most.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "desks": forms.NumberInput(attrs={"class": "input-short", "min": 1}),
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].validators.append(limit_links(2))

    def enquiry_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SpaceNeedForm(PublicModelForm):
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Where?",
        help_text="Choose all that would suit you, or none for anywhere.",
    )
    consent = forms.BooleanField(
        label="Email me when a matching space is listed. I have read the privacy notice",
        error_messages={"required": "Confirm that we may email you about matching spaces."},
    )

    class Meta:
        model = SpaceNeed
        fields = [
            "organisation_name",
            "desks_min",
            "desks_max",
            "areas",
            "kind",
            "max_monthly_price_per_desk",
            "available_by",
            "step_free",
            "notes",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "kind": "Kind of space",
            "max_monthly_price_per_desk": "Most you would pay per desk per month, in pounds",
            "available_by": "Needed from",
            "step_free": "We need step-free access",
            "notes": "Anything else",
            "contact_name": "Your name",
            "contact_email": "Your email address",
        }
        error_messages = {
            "organisation_name": {"required": "Enter the name of your business."},
            "desks_min": {"required": "Enter the fewest desks you need."},
            "desks_max": {"required": "Enter the most desks you need."},
            "contact_email": {
                "required": "Enter your email address.",
                "invalid": "Enter an email address in the correct format, like name@example.com.",
            },
        }
        help_texts = {
            "available_by": "For example, 2027-03-01.",
            "contact_email": "Private. We send a link to confirm, then matching spaces.",
        }
        widgets = {
            "desks_min": forms.NumberInput(attrs={"class": "input-short", "min": 1}),
            "desks_max": forms.NumberInput(attrs={"class": "input-short", "min": 1}),
            "kind": forms.Select,
            "max_monthly_price_per_desk": forms.NumberInput(
                attrs={"class": "input-short", "min": 0}
            ),
            "available_by": date_input({"class": "input-short"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind")] + list(Space.Kind.choices)
        self.fields["notes"].validators.append(limit_links(0))

    def clean(self):
        cleaned = super().clean()
        check_desk_range(self, cleaned)
        return cleaned

    def need_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SpaceLetForm(PublicForm):
    """The landlord says a space is let: how many desks, and when (today or up to a year
    ago; never a day to come)."""

    desks_let = forms.IntegerField(
        label="How many desks were let?",
        min_value=1,
        error_messages={
            "required": "Enter how many desks were let.",
            "min_value": "Enter 1 or more desks.",
            "invalid": "Enter the number of desks as a whole number, like 6.",
        },
        widget=forms.NumberInput(attrs={"class": "input-short", "inputmode": "numeric"}),
    )
    let_on = forms.DateField(
        label="When was it let?",
        error_messages={
            "required": "Enter the day the space was let.",
            "invalid": "Enter the day the space was let as a real date, like 27 3 2026.",
        },
        help_text="For example, 27 3 2026. Today if you are not sure.",
        widget=date_input({"class": "input-short"}),
    )

    def __init__(self, *args, space, today=None, **kwargs):
        self.space = space
        self.today = today or timezone.localdate()
        kwargs.setdefault("initial", {"desks_let": space.desks_max, "let_on": self.today})
        super().__init__(*args, **kwargs)
        self.fields["desks_let"].max_value = space.desks_max
        self.fields["desks_let"].widget.attrs["max"] = space.desks_max

    def clean_desks_let(self):
        desks = self.cleaned_data["desks_let"]
        if desks > self.space.desks_max:
            raise forms.ValidationError(
                f"The space takes at most {self.space.desks_max} desks: enter that or fewer."
            )
        return desks

    def clean_let_on(self):
        day = self.cleaned_data["let_on"]
        if day > self.today:
            raise forms.ValidationError("The day it was let must be today or earlier.")
        if day < self.today - datetime.timedelta(days=365):
            raise forms.ValidationError("The day it was let must be within the last year.")
        return day
