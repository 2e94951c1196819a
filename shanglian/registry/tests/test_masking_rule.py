"""One masking rule (core.masking): lists mask the phone and the 身份证号 alike, for every role (the talent
pool showed a full 身份证号 next to a masked phone); the person's own page unmasks for those with the right."""

from django.urls import reverse

from shanglian.registry.factories import PersonFactory

ID = "370214199001011234"


def test_lists_mask_both_numbers_even_for_the_admin(world, login):
    person = PersonFactory(
        federation=world.fed, name="掩码甲", phone="13812345678", id_number=ID, enterprise=world.enterprise
    )
    client = login(world.admin)
    for url in (reverse("registry:person_list"), reverse("registry:talent_pool") + "?pool=all"):
        html = client.get(url).content.decode()
        assert ID not in html and "13812345678" not in html, url
    listed = client.get(reverse("registry:person_list")).content.decode()
    assert "掩码甲" in listed and "3702**********1234" in listed and "138****5678" in listed
    detail = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert ID in detail  # the admin holds person.view_id_number: its own page shows it in full
