"""The profile app's URLs, one module per area, each with its own namespace and mounted
by strategy_portal/urls.py: directory ("profile", /directory/), stories ("stories",
/stories/) and brand ("brand", /brand/)."""
