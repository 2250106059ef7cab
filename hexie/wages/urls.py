from django.urls import path  # noqa: F401 (each part below adds its routes)

app_name = "wages"

urlpatterns: list = []

# projects, rosters, attendance, accounts, allocations, deposits, payrolls and payouts (views/projects.py)

# arrears warnings and the daily check (views/arrears.py)

# complaints, the blacklist and the key-attention list, statistics (views/enforcement.py)
