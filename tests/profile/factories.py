import factory
from django.utils import timezone
from django.utils.text import slugify

from apps.profile.models import Story


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = Story.Kind.NEWS
    theme = Story.Theme.PROFILE
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")
    body = "A paragraph of **news**."
    status = Story.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)
