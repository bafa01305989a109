"""Demo data: the YAML files in each app's `demo/` folder, and the one loader that writes them.

Each file is a list of sets. A set names a model and gives its rows:

    - model: profile.Organisation        # app_label.ModelName
      key: slug                           # what a row is found by (default: slug)
      defaults: {status: published}       # for every row; "{field}" in a string is the row's own
      rows:
      - name: Tyneside Data Works         # slug, when the model has one: slugify(name or title)
        area: ouseburn                    # a foreign key: the target's slug
        sectors: [data-ai, software]      # many-to-many: the targets' slugs
        reviewed_at: !today -3 days       # from today (a date) or now (a datetime); or +2 weeks
        logo: !image {file: logos/demo-x.png, style: initials, text: TD, colour: "#00505c"}

A reverse foreign key (`spaces:` under a building) holds child rows: children with a slug
are found by it, others are replaced together when they differ. In `defaults` it holds the
defaults of the child rows. A set may `generate` its rows instead: a dotted path to a
function called with the loader and the set's `with` mapping; it returns rows as above, in
which a foreign key may also be a model instance.

Sets are written in dependency order (a model after those its foreign keys point to), each
row by its key with update_or_create, and only when it differs from what is stored, so
loading twice on the same day changes nothing; on a later day the dates move with it.
`bench.yaml` beside them holds what only `seed_bench` reads: sizes, shares and the word
lists it builds names from.
"""

import datetime
import io
import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from apps.core import artwork

FOLDER = "demo"
BENCH = "bench.yaml"


class Today:
    """`!today -3 days`: a date relative to the day the data is loaded; `!today +5 days
    18:30` the local time on that day."""

    def __init__(self, offset, at=None):
        self.offset = offset
        self.at = at

    def value(self, field):
        if self.at is not None:
            day = timezone.localdate() + self.offset
            return datetime.datetime.combine(day, self.at, tzinfo=timezone.get_current_timezone())
        if isinstance(field, models.DateTimeField):
            return timezone.now() + self.offset
        return timezone.localdate() + self.offset


class Image:
    """`!image {file, style, colour, text, format}`: a placeholder made on first load."""

    def __init__(self, spec):
        self.spec = spec

    def value(self, field):
        path = self.spec["file"]
        if default_storage.exists(path):
            return path
        spec = {k: v for k, v in self.spec.items() if k not in ("style", "file")}
        content = DRAW[self.spec["style"]](**spec)
        return default_storage.save(path, ContentFile(content))


class _YAML(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe subset and two tags; libyaml's parser where PyYAML was built with it."""


def _today(loader, node):
    text = loader.construct_scalar(node).strip()
    match = re.fullmatch(r"(?:([+-]?\d+) (day|week)s?)? ?(\d\d:\d\d)?", text)
    if not match:
        raise yaml.MarkedYAMLError(
            problem=f"!today takes '+3 days', '-2 weeks' or '+3 days 18:30', not {text!r}",
            problem_mark=node.start_mark,
        )
    count, unit, at = match.groups()
    offset = datetime.timedelta(**{f"{unit}s": int(count)} if unit else {})
    return Today(offset, datetime.time.fromisoformat(at) if at else None)


_YAML.add_constructor("!today", _today)
_YAML.add_constructor("!image", lambda loader, node: Image(loader.construct_mapping(node)))


def parse(stream):
    """YAML text or an open file, with the !today and !image tags."""
    return yaml.load(stream, Loader=_YAML)  # noqa: S506 - a SafeLoader with two tags


def read(path):
    with open(path, encoding="utf-8") as stream:
        return parse(stream)


def portal_configs():
    """The portal's apps in INSTALLED_APPS order: core, profile, then the themes."""
    return [c for c in apps.get_app_configs() if c.name.startswith("apps.")]


def sets(config):
    folder = Path(config.path) / FOLDER
    return [
        spec for path in sorted(folder.glob("*.yaml")) if path.name != BENCH for spec in read(path)
    ]


def bench(app_label):
    """The benchmark's definitions for an app: its demo/bench.yaml."""
    return read(Path(apps.get_app_config(app_label).path) / FOLDER / BENCH)


def sets_of(label):
    """Every app's sets of one model, e.g. "core.Area"."""
    return [spec for config in portal_configs() for spec in sets(config) if spec["model"] == label]


def rows(label):
    """Every demo row of a model (slug filled in, defaults applied), for the benchmark to
    multiply."""
    model = apps.get_model(label)
    return [
        _complete(model, row, spec.get("defaults", {}))
        for spec in sets_of(label)
        for row in spec.get("rows", [])
    ]


def _complete(model, row, defaults):
    """The row with the set's defaults, templates filled in, and a slug if the model has one."""
    row = dict(row)
    if "slug" in _field_names(model) and "slug" not in row:
        row["slug"] = slugify(row.get("name") or row["title"])
    for name, value in defaults.items():
        if name in row or isinstance(value, dict):
            continue
        row[name] = value.format_map(row) if isinstance(value, str) else value
    return row


def _field_names(model):
    return {f.name for f in model._meta.get_fields()}


def _depth(model, seen=frozenset()):
    """How far a model is from those with no foreign keys: the order to write sets in."""
    forward = (*model._meta.fields, *model._meta.many_to_many)
    targets = {f.related_model for f in forward if f.related_model}
    return 1 + max(
        (_depth(t, seen | {model}) for t in targets if t not in seen and t is not model),
        default=-1,
    )


def _set_depth(spec):
    model = apps.get_model(spec["model"])
    children = {
        model._meta.get_field(name).related_model
        for row in spec.get("rows", [])
        for name, value in row.items()
        if isinstance(value, list) and model._meta.get_field(name).one_to_many
    }
    return max(_depth(m) for m in {model, *children})


class Loader:
    def __init__(self):
        self.written = defaultdict(list)  # model -> instances written in this run
        self._found = {}  # (model, slug) -> instance

    def load(self, config):
        """Write one app's sets; returns what was written, e.g. "16 areas"."""
        counts = Counter()
        for spec in sorted(sets(config), key=_set_depth):
            model = apps.get_model(spec["model"])
            key = spec.get("key", "slug")
            if "rows" in spec:
                rows = spec["rows"]
            else:
                rows = import_string(spec["generate"])(self, **spec.get("with", {}))
            for row in rows:
                self.write(model, row, spec.get("defaults", {}), key, counts)
        return ", ".join(f"{n} {model._meta.verbose_name_plural}" for model, n in counts.items())

    def write(self, model, row, defaults, key, counts):
        row = _complete(model, row, defaults)
        values, many, children = {}, {}, {}
        for name, value in row.items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                many[name] = [self.find(field.related_model, slug) for slug in value]
            elif field.one_to_many:
                children[field] = value
            else:
                values[field.name] = self.value(field, value)
        keys = [key] if isinstance(key, str) else key
        lookup = {name: values.pop(name) for name in keys}
        obj = model._default_manager.filter(**lookup).first()
        if obj is None or any(not _same(obj, name, row[name], v) for name, v in values.items()):
            obj, _ = model._default_manager.update_or_create(**lookup, defaults=values)
        self.written[model].append(obj)
        if hasattr(obj, "slug"):
            self._found[model, obj.slug] = obj
        counts[model] += 1
        for name, targets in many.items():
            getattr(obj, name).set(targets)
        for relation, child_rows in children.items():
            self.write_children(obj, relation, child_rows, defaults.get(relation.name, {}), counts)
        return obj

    def write_children(self, parent, relation, child_rows, defaults, counts):
        model, parent_field = relation.related_model, relation.field.name
        if "slug" in _field_names(model):
            for row in child_rows:
                self.write(model, {**row, parent_field: parent}, defaults, "slug", counts)
            return
        wanted = []
        for row in child_rows:
            row = _complete(model, row, defaults)
            fields = [model._meta.get_field(name) for name in row]
            wanted.append({f.attname: _pk(self.value(f, row[f.name])) for f in fields})
        related = getattr(parent, relation.get_accessor_name())
        names = list(wanted[0]) if wanted else ["pk"]
        if list(related.order_by("pk").values(*names)) != wanted:
            related.all().delete()
            model._default_manager.bulk_create(
                model(**{parent_field: parent}, **values) for values in wanted
            )
        counts[model] += len(wanted)

    def value(self, field, value):
        if isinstance(value, Today | Image):
            return value.value(field)
        if value is None or isinstance(value, models.Model):
            return value
        if field.is_relation:  # a forward foreign key: many-to-many and children are apart
            return self.find(field.related_model, value)
        return field.to_python(value)

    def find(self, model, slug):
        """A row by its slug: one written in this run, or one already in the database."""
        if (model, slug) not in self._found:
            self._found[model, slug] = model._base_manager.get(slug=slug)
        return self._found[model, slug]


def _pk(value):
    return value.pk if isinstance(value, models.Model) else value


def _same(obj, name, raw, value):
    """Whether obj already has the value; a time relative to now counts by its date."""
    field = obj._meta.get_field(name)
    current = getattr(obj, field.attname)
    if isinstance(current, models.fields.files.FieldFile):
        current = current.name
    if isinstance(raw, Today) and isinstance(field, models.DateTimeField) and current:
        return timezone.localdate(current) == timezone.localdate(value)
    return current == _pk(value)


def load(app_labels=None):
    """Write the demo data of every portal app (or of those named), in INSTALLED_APPS
    order. Returns {app verbose name: what was written}."""
    loader = Loader()
    return {
        config.verbose_name: loader.load(config)
        for config in portal_configs()
        if (Path(config.path) / FOLDER).is_dir()
        and (app_labels is None or config.label in app_labels)
    }


# Placeholder images, so the demo shows logos, lead images and brand files without
# shipping any.


def _encode(img, **options):
    out = io.BytesIO()
    img.save(out, **options)
    return out.getvalue()


def initials(*, colour, text):
    """A square logo: the initials, centred, white on the colour."""
    img = PILImage.new("RGB", (256, 256), colour)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=110)
    box = draw.textbbox((0, 0), text, font=font)
    x = (256 - (box[2] - box[0])) / 2 - box[0]
    y = (256 - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), text, fill="#ffffff", font=font)
    return _encode(img, format="PNG", optimize=True)


def banner(*, colour):
    """A story's lead image: white lines below a gold ring, like a sun over the river."""
    img = PILImage.new("RGB", (1280, 720), colour)
    draw = ImageDraw.Draw(img)
    for n in range(8):
        inset = 60 + n * 40
        draw.rectangle(
            (inset, 720 - inset // 2, 1280 - inset, 720 - inset // 2 + 12), fill="#ffffff"
        )
    draw.ellipse((900, 80, 1160, 340), outline="#f2b134", width=18)
    return _encode(img, format="PNG", optimize=True)


def caption(*, colour, text, **save):
    """A brand file: the text on the colour, saved in the given format (PNG, JPEG or PDF)."""
    img = PILImage.new("RGB", (800, 450), colour)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=48)
    draw.text((40, 450 // 2 - 30), text, fill="#ffffff", font=font)
    return _encode(img, **save)


DRAW = {"initials": initials, "banner": banner, "caption": caption, "scene": artwork.scene}
