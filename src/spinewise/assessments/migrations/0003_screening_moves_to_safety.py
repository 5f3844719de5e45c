# Screenings now belong to the safety app. Only the migration state moves: the table
# (assessments_screening) and its rows stay where they are, and safety.Screening uses it.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_home_tests"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Screening")],
            database_operations=[],
        ),
    ]
