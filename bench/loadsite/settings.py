"""The app's own settings with one change: the URLconf adds the bare view. Never shipped."""

from spinewise.settings import *  # noqa: F403

ROOT_URLCONF = "loadsite.urls"
