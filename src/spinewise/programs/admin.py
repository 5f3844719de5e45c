"""The owner's tools: programs (content, read here), enrolments, lifetime access, and batches of codes."""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

import spinewise.generics  # noqa: F401  (ModelAdmin[...], ModelForm[...] at run time)
from spinewise.programs.access import MAX_BATCH, make_batch
from spinewise.programs.models import Access, AccessCode, CodeBatch, Enrolment, Pause, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["name", "access", "weeks", "workouts_per_week", "minutes", "free_workouts", "retired"]
    list_filter = ["access", "retired"]
    search_fields = ["name", "slug"]
    # Programs are content: edit the YAML under content/programs and load it.
    readonly_fields = [
        "slug",
        "name",
        "summary",
        "access",
        "free_workouts",
        "weeks",
        "workouts_per_week",
        "minutes",
        "content",
        "content_hash",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class PauseInline(admin.TabularInline[Pause, Enrolment]):
    model = Pause
    extra = 0
    fields = ["start", "end", "reason", "explain"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    list_display = ["user", "program", "start_date", "status", "created_at"]
    list_filter = ["status", "program"]
    search_fields = ["user__email", "user__username"]
    raw_id_fields = ["user"]
    inlines = [PauseInline]


@admin.register(Access)
class AccessAdmin(admin.ModelAdmin[Access]):
    """Granting lifetime access by hand: add a row here."""

    list_display = ["user", "program", "source", "granted_at", "note"]
    list_filter = ["program", "source"]
    search_fields = ["user__email", "user__username", "note"]
    raw_id_fields = ["user"]
    readonly_fields = ["code", "granted_at"]

    def save_model(self, request: HttpRequest, obj: Access, form: Any, change: bool) -> None:
        if not change:
            obj.source = Access.Source.ADMIN
        super().save_model(request, obj, form, change)


class AccessCodeInline(admin.TabularInline[AccessCode, CodeBatch]):
    model = AccessCode
    extra = 0
    fields = ["hint", "redeemed_by", "redeemed_at"]
    readonly_fields = ["hint", "redeemed_by", "redeemed_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BatchForm(forms.Form):
    program = forms.ModelChoiceField(queryset=Program.objects.active().filter(access=Program.Access.PAID))
    size = forms.IntegerField(min_value=1, max_value=MAX_BATCH, initial=50, label="How many codes")
    label = forms.CharField(max_length=120, help_text="Who or where they are sold, for your records.")


@admin.register(CodeBatch)
class CodeBatchAdmin(admin.ModelAdmin[CodeBatch]):
    list_display = ["created_at", "program", "label", "size", "used"]
    list_filter = ["program"]
    inlines = [AccessCodeInline]
    readonly_fields = ["program", "label", "size", "created_at", "created_by"]

    def get_queryset(self, request: HttpRequest) -> Any:
        from django.db.models import Count, Q

        return (
            super()
            .get_queryset(request)
            .annotate(used_count=Count("codes", filter=Q(codes__redeemed_at__isnull=False)))
        )

    @admin.display(description="Used")
    def used(self, batch: CodeBatch) -> int:
        return int(getattr(batch, "used_count", 0))

    def get_urls(self) -> list[URLPattern]:
        return [
            path("make/", self.admin_site.admin_view(self.make_view), name="programs_codebatch_make"),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        return self.make_view(request)

    def make_view(self, request: HttpRequest) -> HttpResponse:
        """Make a batch; the codes are shown this once (only their digests are kept).

        POST makes the batch and redirects (POST-redirect-GET), so reloading never makes a second
        one: the plain codes wait in the owner's session until the next page shows them, once.
        """
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = BatchForm(request.POST or None)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Make access codes",
        }
        if request.method == "POST" and form.is_valid():
            by = request.user if isinstance(request.user, User) else None
            batch, codes = make_batch(
                form.cleaned_data["program"], form.cleaned_data["size"], form.cleaned_data["label"], by
            )
            request.session[_SHOW_ONCE] = {"batch": batch.pk, "codes": codes}
            return redirect(f"{reverse('admin:programs_codebatch_make')}?batch={batch.pk}")
        wanted = request.GET.get("batch", "")
        if request.method == "GET" and wanted:
            waiting = request.session.get(_SHOW_ONCE) or {}
            shown: CodeBatch | None = (
                CodeBatch.objects.filter(pk=int(wanted)).select_related("program").first()
                if wanted.isdigit() and len(wanted) < 12
                else None
            )
            if shown is None:
                context["gone"] = True
            elif waiting.get("batch") == shown.pk:
                codes = [str(c) for c in waiting.get("codes", [])]
                del request.session[_SHOW_ONCE]  # shown this once
                out = io.StringIO()
                writer = csv.writer(out)
                writer.writerow(["code", "program", "batch"])
                for code in codes:
                    writer.writerow([code, shown.program.name, shown.label])
                context.update(
                    batch=shown,
                    codes=codes,
                    csv_href="data:text/csv;base64," + base64.b64encode(out.getvalue().encode()).decode(),
                )
            else:
                context.update(batch=shown, gone=True)
            if shown is not None:
                context["batch_url"] = reverse("admin:programs_codebatch_change", args=[shown.pk])
        return render(request, "admin/programs/make_codes.html", context)


# The session key under which a new batch's codes wait for the one page that shows them.
_SHOW_ONCE = "spinewise-new-codes"
