from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_data_stamp"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="progress_stamp",
            field=models.CharField(default="", editable=False, max_length=32),
        ),
    ]
