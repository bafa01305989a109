"""Web plumbing shared by every app's pages.

Here belong the form base classes and renderer (forms.py), the list-page recipe
(lists.py) and its pagination, the shared page cache (pagecache.py), site-wide search
(search.py), upload checks for images, Markdown rendering (text.py) and the template
context processor. Nothing here knows a theme
app: each registers what it needs (search sources, private models, schedules) from its
AppConfig.ready().
"""
