"""Setting up an authenticator app: the secret, for people who cannot scan the QR code, is
text a keyboard or screen reader user can reach and copy, not a disabled field."""

import re

from django.urls import reverse

from .factories import UserFactory
from .test_accounts import request_code
from .test_security import confirm


def test_the_secret_is_selectable_text_not_a_disabled_field(client, db):
    person = UserFactory(email="ade@trust.example")
    confirm(client, request_code(client, person.email), follow=True)
    setup = client.get(reverse("mfa_activate_totp"))
    secret = setup.context["form"].secret
    html = setup.content.decode()
    assert re.search(rf'<code class="mutuality-secret"[^>]*>{secret}</code>', html)
    assert "disabled" not in html
    assert f'value="{secret}"' not in html
    assert "<h1" in html and "Set up your authenticator app" in html
    assert 'alt="QR code for your authenticator app"' in html
