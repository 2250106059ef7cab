from django.urls import path  # noqa: F401 (each part below adds its routes)

from .views import collective as collective_views

app_name = "contracts"

urlpatterns: list = []

# collective contracts (views/collective.py)
urlpatterns += [
    path(
        "collective/", collective_views.CollectiveList.as_view(url_base="contracts:collective"), name="collective-list"
    ),
    path(
        "collective/export/",
        collective_views.CollectiveList.as_view(url_base="contracts:collective", export=True),
        name="collective-export",
    ),
    path("collective/new/", collective_views.collective_create, name="collective-create"),
    path("collective/coverage/", collective_views.collective_coverage, name="collective-coverage"),
    path("collective/coverage/export/", collective_views.collective_coverage_export, name="collective-coverage-export"),
    path("collective/<int:pk>/", collective_views.collective_detail, name="collective-detail"),
    path("collective/<int:pk>/edit/", collective_views.collective_edit, name="collective-edit"),
    path("collective/<int:pk>/bargaining/", collective_views.collective_bargaining, name="collective-bargaining"),
    path("collective/<int:pk>/vote/", collective_views.collective_vote, name="collective-vote"),
    path("collective/<int:pk>/submit/", collective_views.collective_submit, name="collective-submit"),
    path("collective/<int:pk>/withdraw/", collective_views.collective_withdraw, name="collective-withdraw"),
    path("collective/<int:pk>/review/", collective_views.collective_review, name="collective-review"),
    path("collective/<int:pk>/text/", collective_views.collective_text, name="collective-text"),
    path("collective/<int:pk>/pdf/", collective_views.collective_pdf, name="collective-pdf"),
]
