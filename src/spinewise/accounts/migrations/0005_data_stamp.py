from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="data_stamp",
            field=models.CharField(default="", editable=False, max_length=32),
        ),
    ]
