import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_portal.settings")
application = get_wsgi_application()

# A page allocates tens of thousands of short-lived objects (rows, model instances,
# template nodes); with Python's default threshold of 2,000 the youngest generation was
# collected several times a request. Ten times fewer passes; the older generations keep
# their default ratios, so cycles are still collected. Measured under wrk: 5-20% more
# requests per second on most pages (BENCHMARKS.md).
gc.set_threshold(20_000, 10, 10)
