from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render


def edit_with_form(
    request,
    *,
    form_class,
    template: str,
    success,
    message: str,
    context=None,
    instance=None,
    form_kwargs=None,
):
    """Show a form; on a valid POST save it in one transaction, say so and move on.

    ``success`` is called with the saved object and returns where to go next.
    """
    form_kwargs = form_kwargs or {}
    if instance is not None:
        form_kwargs["instance"] = instance
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            with transaction.atomic():
                obj = form.save()
            messages.success(request, message.format(obj=obj))
            return redirect(success(obj))
    else:
        form = form_class(**form_kwargs)
    return render(request, template, {"form": form, "object": instance, **(context or {})})
