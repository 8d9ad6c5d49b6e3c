"""Bridges from Django templates (used by django-allauth's pages) to our Jinja2 layout and
NHS.UK form macros, so sign-in pages share one header, footer and form style."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()


def _jinja(name: str, context: template.Context, **extra) -> str:
    request = context.get("request")
    return get_template(name, using="jinja2").render(extra, request)


@register.simple_tag(takes_context=True)
def nhs_fields(context, form) -> str:
    return mark_safe(_jinja("includes/form_fields.jinja", context, form=form))  # noqa: S308


@register.simple_tag(takes_context=True)
def nhs_error_summary(context, form) -> str:
    if not form or not form.errors:
        return ""
    return mark_safe(_jinja("includes/form_error_summary.jinja", context, form=form))  # noqa: S308


class ShellNode(template.Node):
    def __init__(self, title_nodes, body_nodes):
        self.title_nodes = title_nodes
        self.body_nodes = body_nodes

    def render(self, context) -> str:
        title = " ".join(self.title_nodes.render(context).split())
        body = self.body_nodes.render(context)
        # The page's form goes along, so a page with errors gets "Error: " in its title.
        return _jinja(
            "layouts/django_page.jinja",
            context,
            page_title=title,
            body=mark_safe(body),  # noqa: S308
            page_errors=bool(getattr(context.get("form"), "errors", None)),
        )


@register.tag
def nhs_shell(parser, token):
    """``{% nhs_shell %}title{% nhs_shell_body %}body{% endnhs_shell %}``: render a Django
    template's content inside the Jinja2 page layout."""
    title_nodes = parser.parse(("nhs_shell_body",))
    parser.delete_first_token()
    body_nodes = parser.parse(("endnhs_shell",))
    parser.delete_first_token()
    return ShellNode(title_nodes, body_nodes)
