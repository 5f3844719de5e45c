"""The HTTP API at /api/v1/ (django-ninja): a face over the same services as the web pages.

`main.api` is the NinjaAPI; each resource has its own module with its router. Request and
response bodies are the pydantic models the command line's `--json` prints (ExerciseJSON,
RoutineJSON, WebReport) plus small shapes of the API's own in `shapes.py`.
"""
