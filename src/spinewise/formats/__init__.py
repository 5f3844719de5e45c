"""Date and number formats per language, where ours differ from Django's (settings.FORMAT_MODULE_PATH).

Pages write dates with Django's named formats (`|date:"DATE_FORMAT"`), so each language gets its
own order and month names: Spanish takes Django's ("30 de noviembre de 2026"); English here is
written day first, as the rest of the site ("30 November 2026"), not Django's American default.
"""
