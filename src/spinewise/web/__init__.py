"""The web face: pages that gather several apps at once (the front page, a person's day)."""
