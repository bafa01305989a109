"""The profile app's pages, one module per area: the directory of organisations (and the
home page), stories, and the brand toolkit."""
