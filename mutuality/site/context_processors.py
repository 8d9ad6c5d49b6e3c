from django.urls import reverse

from mutuality.programmes import permissions


def navigation(request) -> dict:
    """Header navigation for whoever is signed in: only the places their roles lead to."""
    user = getattr(request, "user", None)
    path = request.path
    if user is None or not user.is_authenticated:
        return {
            "nav_items": [],
            "account_items": [{"href": reverse("account_request_login_code"), "text": "Sign in"}],
        }

    def item(name: str, text: str) -> dict:
        href = reverse(name)
        current = path == href or (href != "/" and path.startswith(href))
        return {"href": href, "text": text, "current": current}

    nav = [item("home", "Home")]
    if user.is_programme_office or permissions.manages_any_cohort(user):
        nav.append(item("programmes:list", "Programmes"))
    if user.has_perm("strategy.view"):
        nav.append(item("strategy:dashboard", "People Strategy"))
    if user.is_programme_office:
        nav.append(item("organisations:list", "Organisations"))
        nav.append(item("organisations:places", "Places"))
        nav.append(item("privacy:office", "Data protection"))
        nav.append({"href": reverse("admin:index"), "text": "Admin"})
    account = [
        {"href": reverse("accounts:details"), "text": user.get_full_name(), "icon": True},
        {"href": reverse("privacy:my_data"), "text": "Your data"},
        {"href": reverse("mfa_index"), "text": "Security"},
        {"href": reverse("account_logout"), "text": "Sign out"},
    ]
    return {"nav_items": nav, "account_items": account}
