from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0009_person_id_number_encrypted"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("id_number_hash", ""), _negated=True),
                fields=("federation", "id_number_hash"),
                name="person_id_number_once_per_federation",
            ),
        ),
    ]
