from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("your-details/", views.your_details, name="details"),
]
