"""The funnel, response times and résumé versions on a known data set, and their cost."""

from datetime import UTC, datetime, timedelta

import pytest

from interviews import stats
from interviews.models import Application, StatusChange

pytestmark = pytest.mark.django_db

DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def with_history(owner, moves, **fields):
    """An application whose timeline is exactly ``moves``: (status, day) pairs, in order.

    bulk_create skips Application.save(), so no timeline entry is made behind our back.
    """
    [application] = Application.objects.bulk_create(
        [
            Application(
                owner=owner,
                company=fields.pop("company", "Acme"),
                role=fields.pop("role", "Engineer"),
                status=moves[-1][0],
                status_changed_at=DAY0 + timedelta(days=moves[-1][1]),
                **fields,
            )
        ]
    )
    previous = ""
    changes = []
    for status, day in moves:
        changes.append(
            StatusChange(
                application=application,
                from_status=previous,
                to_status=status,
                changed_at=DAY0 + timedelta(days=day),
            )
        )
        previous = status
    StatusChange.objects.bulk_create(changes)
    return application


@pytest.fixture
def known(alice, bob):
    """Seven applications of Alice's (and one of Bob's that must not count)."""
    a = {
        "a1": with_history(
            alice,
            [
                ("applied", 0),
                ("screening", 3),
                ("interviewing", 9),
                ("offer", 20),
                ("accepted", 22),
            ],
            source="LinkedIn",
            resume_version="v1",
        ),
        "a2": with_history(
            alice,
            [("applied", 0), ("screening", 5), ("rejected", 8)],
            source="LinkedIn",
            resume_version="v1",
        ),
        "a3": with_history(
            alice,
            [("applied", 0), ("no_response", 30)],
            source="LinkedIn",
            resume_version="v2",
        ),
        "a4": with_history(
            alice,
            [("applied", 0), ("screening", 10), ("interviewing", 14), ("walked_out", 15)],
            source=" linkedin ",
            resume_version="v2",
        ),
        "a5": with_history(
            alice,
            [("applied", 0), ("interviewing", 2), ("offer", 12), ("rejected", 13)],
            source="Referral",
        ),
        "a6": with_history(alice, [("wishlist", 0)], source="Referral"),
        "a7": with_history(alice, [("applied", 1)]),
    }
    # A timeline note (a follow-up done) is not the employer answering; here it even
    # predates the real move, so counting it would change the median.
    StatusChange.objects.create(
        application=a["a4"],
        from_status="screening",
        to_status="screening",
        changed_at=DAY0 + timedelta(days=1),
        note="Follow-up done: call",
    )
    with_history(bob, [("applied", 0), ("screening", 1), ("offer", 2)], source="LinkedIn")
    return a


def counts(funnel):
    return [stage.count for stage in funnel.stages]


def test_overall_funnel_counts_and_conversions(alice, known):
    overall, _ = stats.funnels_by_source(stats.applications_reached(alice))
    # applied: all but the wishlist one; screening: a1, a2, a4 and a5 (which skipped it
    # straight to interviewing); interviewing: a1, a4, a5; offer: a1, a5; accepted: a1.
    assert counts(overall) == [6, 4, 3, 2, 1]
    assert [stage.conversion for stage in overall.stages] == [None, 67, 75, 67, 50]
    assert [stage.share for stage in overall.stages] == [100, 67, 50, 33, 17]
    assert overall.total == 7


def test_funnel_by_source_ignores_case_and_spacing(alice, known):
    _, by_source = stats.funnels_by_source(stats.applications_reached(alice))
    table = {funnel.label: (funnel.total, counts(funnel)) for funnel in by_source}
    assert table == {
        "LinkedIn": (4, [4, 3, 2, 1, 1]),
        "Referral": (2, [1, 1, 1, 1, 0]),
        "Not recorded": (1, [1, 0, 0, 0, 0]),
    }
    referral = next(f for f in by_source if f.label == "Referral")
    assert [stage.conversion for stage in referral.stages] == [None, 100, 100, 100, 0]


def test_current_status_counts_when_the_timeline_is_missing(alice):
    # Rows made by an import (bulk_create) may have no timeline at all.
    Application.objects.bulk_create(
        [Application(owner=alice, company="X", role="Y", status="offer", source="Fair")]
    )
    overall, _ = stats.funnels_by_source(stats.applications_reached(alice))
    assert counts(overall) == [1, 1, 1, 1, 0]


def test_median_days_to_first_answer(alice, known):
    # Waits: a1 3, a2 5, a4 10, a5 2; a3 was never answered ("no response" is ours).
    assert stats.median_days_to_response(alice) == 4.0


def test_a_timeline_that_goes_backwards_counts_its_furthest_stage(alice):
    # Offered, then back to interviewing and screening (the offer fell through): the
    # funnel still counts the offer, and the application once.
    with_history(
        alice,
        [("applied", 0), ("interviewing", 3), ("offer", 6), ("interviewing", 8), ("screening", 9)],
    )
    overall, _ = stats.funnels_by_source(stats.applications_reached(alice))
    assert overall.total == 1
    assert counts(overall) == [1, 1, 1, 1, 0]


def test_applying_again_waits_from_the_first_application(alice):
    # Withdrawn and applied for again: the wait runs from the first "applied".
    with_history(alice, [("applied", 0), ("withdrawn", 4), ("applied", 10), ("screening", 13)])
    # Answered, applied for again and answered again: only the first answer counts, once.
    with_history(alice, [("applied", 0), ("screening", 3), ("applied", 5), ("interviewing", 8)])
    # Waits 13 and 3 days; counting the second application's later answers too would
    # make them 13, 3, 8 and 3.
    assert stats.median_days_to_response(alice) == 8.0
    overall, _ = stats.funnels_by_source(stats.applications_reached(alice))
    assert overall.total == 2
    assert counts(overall) == [2, 2, 1, 0, 0]


def test_an_answer_before_applying_is_not_a_reply(alice):
    # The recruiter called first; the reply to the application is the interview invite.
    with_history(alice, [("screening", -3), ("applied", 0), ("interviewing", 4)])
    # Turned down before the application went in, and never answered after it.
    with_history(alice, [("rejected", -1), ("applied", 0)])
    assert stats.median_days_to_response(alice) == 4.0


def test_applications_with_no_source_are_not_recorded(alice):
    with_history(alice, [("applied", 0)], source="")
    with_history(alice, [("applied", 0), ("screening", 2)], source="   ")
    with_history(alice, [("applied", 0)], source="Referral")
    _, by_source = stats.funnels_by_source(stats.applications_reached(alice))
    # Last, though it has the most: the sources come first.
    assert [(f.label, f.total, counts(f)) for f in by_source] == [
        ("Referral", 1, [1, 0, 0, 0, 0]),
        ("Not recorded", 2, [2, 1, 0, 0, 0]),
    ]


def test_sources_differing_in_case_and_spaces_are_one_source(alice):
    for n, source in enumerate(["LinkedIn", "linkedin", " LINKEDIN", "LinkedIn  ", "Linked In"]):
        with_history(alice, [("applied", 0), ("screening", 1)][: 1 + n % 2], source=source)
    _, by_source = stats.funnels_by_source(stats.applications_reached(alice))
    # Which spelling labels the row depends on the database's collation.
    assert [(f.label.lower(), f.total, counts(f)) for f in by_source] == [
        ("linkedin", 4, [4, 2, 0, 0, 0]),
        ("linked in", 1, [1, 0, 0, 0, 0]),
    ]


def test_median_with_an_odd_number_of_answers(alice):
    with_history(alice, [("applied", 0), ("rejected", 1)])
    with_history(alice, [("applied", 0), ("screening", 7)])
    with_history(alice, [("applied", 0), ("screening", 2), ("rejected", 3)])
    with_history(alice, [("wishlist", 0), ("applied", 5), ("screening", 5.5)])
    # Waits 1, 7, 2 and 0.5 days: the median of four is (1 + 2) / 2.
    assert stats.median_days_to_response(alice) == 1.5
    with_history(alice, [("applied", 0), ("interviewing", 9)])
    assert stats.median_days_to_response(alice) == 2.0


def test_no_answers_yet_has_no_median(alice):
    with_history(alice, [("applied", 0)])
    assert stats.median_days_to_response(alice) is None


def test_totals_and_resume_versions(alice, known):
    reached = stats.applications_reached(alice)
    assert stats.totals(reached) == {"applications": 7, "walked_out": 1}
    assert stats.resume_versions(reached) == [
        {"resume_version": "v1", "total": 2, "screened": 2},
        {"resume_version": "v2", "total": 2, "screened": 1},
    ]


def test_stats_page_shows_the_funnel(alice_client, known):
    response = alice_client.get("/stats/")
    page = response.content.decode()
    assert response.context["time_saved"] == "0 min"  # a walked-out status, but no decision
    assert 'id="stat-walked-out">1<' in page
    assert 'id="stat-median">4.0<' in page
    assert '<li data-stage="screening">' in page
    assert "<strong data-count>4</strong> · <span data-conversion>67%</span>" in page
    assert '<rect width="67" height="10"/>' in page
    assert 'href="/applications/?resume=v1"' in page
    assert '<th scope="row">LinkedIn</th>' in page


def test_stats_page_when_empty(alice_client):
    page = alice_client.get("/stats/").content.decode()
    assert "The funnel starts when you apply." in page
    assert 'id="stat-median">—<' in page


def test_stats_query_count_with_1000_applications(alice, alice_client, django_assert_num_queries):
    statuses = ["applied", "screening", "interviewing", "offer", "rejected"]
    apps = Application.objects.bulk_create(
        Application(
            owner=alice,
            company=f"Company {n}",
            role="Engineer",
            status=statuses[n % 5],
            source=["LinkedIn", "Referral", "Indeed", ""][n % 4],
            resume_version=f"v{n % 3}",
        )
        for n in range(1000)
    )
    changes = []
    for n, app in enumerate(apps):
        for step, status in enumerate(statuses[: n % 5 + 1]):
            changes.append(
                StatusChange(
                    application=app,
                    from_status=statuses[step - 1] if step else "",
                    to_status=status,
                    changed_at=DAY0 + timedelta(days=step * 2),
                )
            )
    StatusChange.objects.bulk_create(changes)
    # session, user, what each application reached (the funnels, résumé versions and
    # totals are counted from it), median, hours saved by walk-outs: the same five however
    # many applications there are.
    with django_assert_num_queries(5):
        response = alice_client.get("/stats/")
    overall = response.context["overall"]
    assert counts(overall) == [1000, 800, 600, 400, 0]
    assert response.context["median_days"] == 2.0
    # Many applications of each kind: every source has 250, the same funnel, most first
    # and then by name, "Not recorded" last; an application rejected after an offer counts
    # for the offer stage.
    by_source = response.context["by_source"]
    assert [funnel.label for funnel in by_source] == [
        "Indeed",
        "LinkedIn",
        "Referral",
        "Not recorded",
    ]
    assert all(counts(funnel) == [250, 200, 150, 100, 0] for funnel in by_source)
    assert response.context["resumes"] == [
        {"resume_version": "v0", "total": 334, "screened": 267},
        {"resume_version": "v1", "total": 333, "screened": 267},
        {"resume_version": "v2", "total": 333, "screened": 266},
    ]
    assert response.context["totals"] == {"applications": 1000, "walked_out": 0}


def test_list_filters_by_resume_version(alice_client, alice, bob, make_application):
    make_application(alice, company="Acme", resume_version="v3 data")
    make_application(alice, company="Zeta", resume_version="v2")
    make_application(alice, company="Quarry")
    make_application(bob, company="Bobcorp", resume_version="v3 data")
    response = alice_client.get("/applications/?resume=v3+data")
    assert [a.company for a in response.context["page"].object_list] == ["Acme"]
    page = response.content.decode()
    assert "Sent with résumé <strong>v3 data</strong>" in page
    assert "résumé v3 data" in page  # the row says which résumé went out
    assert 'name="resume" value="v3 data"' in page  # kept when the other filters change
    assert alice_client.get("/applications/?resume=v9").context["page"].paginator.count == 0


@pytest.mark.parametrize("address", ["/stats/", "/board/"])
def test_anonymous_is_sent_to_log_in(client, address):
    assert client.get(address).url == f"/accounts/login/?next={address}"


def test_stats_page_counts_hours_saved_by_walk_outs(
    alice_client, alice, make_application, make_interview
):
    from django.utils import timezone

    from interviews.models import Decision

    interview = make_interview(
        make_application(alice),
        starts_at=timezone.now() - timedelta(minutes=5),
        duration_minutes=95,
    )
    Decision.record(interview, "walked_out", timezone.now())
    response = alice_client.get("/stats/")
    assert (
        response.context["time_saved"] == "1 h 29 min"
    )  # as the record counts: whole minutes left
