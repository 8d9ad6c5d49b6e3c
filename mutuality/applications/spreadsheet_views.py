"""Spreadsheet import and export of a cohort's applications."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.audit.models import audit
from mutuality.permissions import get_cohort_for
from mutuality.spreadsheets import (
    CANONICAL_COLUMNS,
    COLUMN_HINTS,
    COLUMN_LABELS,
    MAPPABLE,
    REQUIRED_COLUMNS,
    FileProblem,
    guess_mapping,
    read_sheet,
    write_csv,
    write_xlsx,
)

from . import importing, presenters, selectors
from .models import ImportUpload


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="A CSV or Excel (.xlsx) file, up to 10 MB.",
    )


class MappingForm(forms.Form):
    managers_already_approved = forms.BooleanField(
        required=False,
        label="Line managers have already approved these applications",
        help_text="If you leave this, we email each new applicant's line manager a link to "
        "approve their application.",
    )

    def __init__(
        self,
        *args,
        headings: list[str],
        initial_mapping: dict[str, str],
        sides: tuple[str, str] = ("aspiring", "established"),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        hints = {
            **COLUMN_HINTS,
            "side": f"Each row should say {sides[0].lower()} or {sides[1].lower()}.",
        }
        for name in CANONICAL_COLUMNS:
            required = name in REQUIRED_COLUMNS
            label = COLUMN_LABELS[name]
            # The form's label helper adds "(optional)" to fields that are not required.
            self.fields[name] = forms.ChoiceField(
                choices=[("", "Choose a column" if required else "Not in this file")]
                + [(h, h) for h in headings],
                required=required,
                label=label,
                help_text=hints.get(name, ""),
                initial=initial_mapping.get(name, ""),
                error_messages={"required": f"Choose the column for {label[0].lower()}{label[1:]}"},
            )
        # Keep the order: columns first, then the approval choice.
        self.order_fields([*CANONICAL_COLUMNS, "managers_already_approved"])

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in CANONICAL_COLUMNS}


def _manage(request, pk):
    return get_cohort_for(request.user, pk, "applications.decide")


@require_http_methods(["GET", "POST"])
@login_required
def upload(request, pk: int):
    cohort = _manage(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        content = file.read()
        try:
            read_sheet(file.name, content)
        except FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            batch = importing.upload_store(
                cohort=cohort, by=request.user, filename=file.name, content=content
            )
            return redirect("applications:import_map", pk=cohort.pk, upload_pk=batch.pk)
    return render(request, "applications/import/upload.jinja", {"cohort": cohort, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def map_and_check(request, pk: int, upload_pk: int):
    cohort = _manage(request, pk)
    batch = get_object_or_404(ImportUpload, pk=upload_pk, cohort=cohort)
    if batch.status != ImportUpload.Status.DRAFT:
        return redirect("applications:import_progress", pk=cohort.pk, upload_pk=batch.pk)
    sheet = read_sheet(batch.filename, bytes(batch.content))
    initial = importing.saved_mapping(cohort)
    initial = {
        **guess_mapping(sheet.headings),
        **{k: v for k, v in initial.items() if v in sheet.headings},
    }
    form = MappingForm(
        request.POST or None,
        headings=sheet.headings,
        initial_mapping=initial,
        sides=(cohort.programme.side_label("aspiring"), cohort.programme.side_label("established")),
    )
    result = None
    value_map = _posted_value_map(request.POST)
    if request.method == "POST" and form.is_valid():
        result = importing.check(cohort, sheet, form.mapping(), value_map)
        if result.ok and request.POST.get("action") == "import":
            importing.import_queue(
                upload=batch,
                mapping=form.mapping(),
                value_map=value_map,
                managers_already_approved=form.cleaned_data["managers_already_approved"],
                rows=len(result.records),
            )
            return redirect("applications:import_progress", pk=cohort.pk, upload_pk=batch.pk)
    return render(
        request,
        "applications/import/map.jinja",
        {
            "cohort": cohort,
            "batch": batch,
            "form": form,
            "result": result,
            "row_count": len(sheet.rows),
            "groups": result.groups[:500] if result else [],
            "unknown": _unknown_choices(cohort, result, value_map) if result else [],
            "blank": BLANK,
        },
    )


def _job(cohort, batch: ImportUpload) -> dict:
    page_url = reverse("applications:import_progress", args=[cohort.pk, batch.pk])
    done = f"Imported {batch.created} new applications and updated {batch.updated}: see them"
    return {
        "cohort": cohort,
        "batch": batch,
        "job": batch,
        "noun": "This import",
        "done_text": done,
        "done_url": reverse("applications:review", args=[cohort.pk]),
        "page_url": page_url,
        "status_url": reverse("applications:import_status", args=[cohort.pk, batch.pk]),
        "retry_url": reverse("applications:import_retry", args=[cohort.pk, batch.pk]),
    }


@require_GET
@login_required
def import_progress(request, pk: int, upload_pk: int):
    """An import being saved by the task worker: the page follows it to the end."""
    cohort = _manage(request, pk)
    batch = get_object_or_404(ImportUpload, pk=upload_pk, cohort=cohort)
    if batch.status == ImportUpload.Status.DRAFT:
        return redirect("applications:import_map", pk=cohort.pk, upload_pk=batch.pk)
    return render(request, "applications/import/progress.jinja", _job(cohort, batch))


@require_GET
@login_required
def import_status(request, pk: int, upload_pk: int):
    """How an import is going: the part of its page that updates itself."""
    cohort = _manage(request, pk)
    batch = get_object_or_404(ImportUpload, pk=upload_pk, cohort=cohort)
    response = render(request, "jobs/status.jinja", _job(cohort, batch))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def import_retry(request, pk: int, upload_pk: int):
    """Try a failed import again, or one whose worker stopped."""
    cohort = _manage(request, pk)
    batch = get_object_or_404(ImportUpload, pk=upload_pk, cohort=cohort)
    if importing.import_retry(upload=batch):
        messages.success(request, "The import has been started again.")
    return redirect("applications:import_progress", pk=cohort.pk, upload_pk=batch.pk)


# A choice for an unknown value: leave the answer blank on those rows.
BLANK = "__blank__"
MAP_PREFIX = "map:"


def _posted_value_map(data) -> dict[str, dict[str, str | None]]:
    """``map:<field>:<value in the file>`` → a known value, or BLANK for none."""
    value_map: dict[str, dict[str, str | None]] = {}
    for key, chosen in data.items():
        if not key.startswith(MAP_PREFIX) or not chosen:
            continue
        field_name, _, value = key.removeprefix(MAP_PREFIX).partition(":")
        if field_name in MAPPABLE and value:
            value_map.setdefault(field_name, {})[value.lower()] = (
                None if chosen == BLANK else chosen
            )
    return value_map


def _unknown_choices(cohort, result, value_map) -> list[dict]:
    """For each value of an optional column we do not know: what the person may map it to,
    and what they chose."""
    known = {
        "place": selectors.place_names(),
        "topics": list(cohort.topics),
    }
    labels = {"place": "place", "topics": "topic"}
    rows = []
    for field_name, counts in result.unknown.items():
        for value, count in counts.items():
            chosen = value_map.get(field_name, {}).get(value.lower(), "")
            rows.append(
                {
                    "name": f"{MAP_PREFIX}{field_name}:{value}",
                    "label": labels[field_name],
                    "value": value,
                    "count": count,
                    "known": known[field_name],
                    "chosen": BLANK if chosen is None else chosen,
                }
            )
    return rows


@require_GET
@login_required
def template(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "applications.decide")
    example = [
        "sam.example@trust.example", "Sam", "Example", "aspiring", "Name of an organisation",
        "Staff Nurse", "Band 5", "Nursing", "", "manager@trust.example",
        "Confidence to apply for a ward manager post", "Ten years on acute wards",
        "; ".join(cohort.topics[:2]), "Tue morning; Thu afternoon", "video; in person", "",
    ]  # fmt: skip
    content = write_csv(CANONICAL_COLUMNS, [example])
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="applications-template.csv"'
    return response


@require_GET
@login_required
def export(request, pk: int, fmt: str):
    cohort = get_cohort_for(request.user, pk, "applications.decide")
    rows = list(presenters.export_rows(selectors.applications_for_export(cohort)))
    name = slugify(f"{cohort.programme.name} {cohort.name} applications")
    audit(actor=request.user, action="applications.exported", target=cohort, rows=len(rows))
    if fmt == "xlsx":
        content = write_xlsx(presenters.EXPORT_HEADINGS, rows, title="Applications")
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            write_csv(presenters.EXPORT_HEADINGS, rows), content_type="text/csv"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
