"""The comment policy: each rule's state and recorded reason, word matching, the offensive-language
model (the real one, on real sentences), hiding after reports, and a bounded number of queries."""

import hashlib
import re

import pytest
from django.utils import timezone

from communities.models import CommunityHubPage
from moderation import policy
from moderation.models import BlockedCommenter, Comment, ModerationSettings, Report, WordList
from tests.factories import CommunityHubPageFactory, StoryPageFactory, UserFactory

OFFENSIVE = "You are a stupid fucking idiot, shut up."
FRIENDLY = "What a lovely garden, thank you for sharing these photos!"


@pytest.fixture
def settings_row(db):
    return ModerationSettings.load()


@pytest.fixture
def open_hub(hub):
    """A hub that holds only what the rules flag, so each test sees one rule at a time."""
    hub.premoderation = CommunityHubPage.Premoderation.FLAGGED
    return hub


def decide(hub, text="A comment about seeds.", *, language="en", user=None, **kwargs):
    return policy.decide(
        hub=hub,
        user=user,
        email=kwargs.get("email", "robin@example.org"),
        ip_address=kwargs.get("ip_address", "198.51.100.7"),
        text=text,
        language=language,
        is_staff_answer=kwargs.get("is_staff_answer", False),
    )


def words(action, entries, *, language="en", hub=None):
    return WordList.objects.create(
        name=f"{action} {language}", language=language, action=action, hub=hub, words="\n".join(entries)
    )


def codes(decision):
    return [reason["code"] for reason in decision.reasons]


def published_comment(story, *, email="robin@example.org", user=None, state=Comment.State.PUBLISHED):
    """A comment stored directly (not through the policy), in ``state``."""
    comment = Comment(
        content_object=story,
        page=story,
        site_id=1,
        user=user,
        user_name="Robin",
        user_email=email,
        comment="Earlier comment.",
        html="<p>Earlier comment.</p>",
        submit_date=timezone.now(),
        language="en",
        state=state,
    )
    comment.save()
    return comment


@pytest.fixture
def story(hub):
    return StoryPageFactory(parent=hub, title="Seeds", slug="seeds")


class TestDecide:
    def test_a_clean_comment_is_published_without_reasons(self, open_hub, settings_row):
        decision = decide(open_hub, FRIENDLY)
        assert decision.state == Comment.State.PUBLISHED
        assert decision.reasons == []

    def test_a_staff_answer_is_published_whatever_the_rules_say(self, hub, settings_row):
        hub.premoderation = CommunityHubPage.Premoderation.ALL
        words(WordList.Action.REJECT, ["darn"])
        BlockedCommenter.objects.create(email_hash=policy.hash_identifier("robin@example.org"))
        decision = decide(hub, "Darn, see http://a.example http://b.example http://c.example", is_staff_answer=True)
        assert decision.state == Comment.State.PUBLISHED
        assert codes(decision) == ["staff_answer"]
        assert decision.scores == {}

    def test_a_blocked_email_address_is_rejected(self, open_hub, settings_row):
        BlockedCommenter.objects.create(email_hash=policy.hash_identifier(" Robin@Example.ORG "))
        decision = decide(open_hub, FRIENDLY, email="robin@example.org")
        assert decision.state == Comment.State.REJECTED
        assert decision.reasons == [{"code": "blocked", "message": "This commenter is blocked."}]

    def test_a_blocked_ip_address_is_rejected_whatever_the_email(self, open_hub, settings_row):
        BlockedCommenter.objects.create(ip_hash=policy.hash_identifier("203.0.113.9"))
        decision = decide(open_hub, FRIENDLY, email="someone.new@example.org", ip_address="203.0.113.9")
        assert decision.state == Comment.State.REJECTED
        assert codes(decision) == ["blocked"]

    def test_an_empty_hash_in_the_block_list_blocks_nobody(self, open_hub, settings_row):
        # Blocked by one address only: the other hash is "", which must not match a comment without it.
        BlockedCommenter.objects.create(email_hash=policy.hash_identifier("spammer@example.org"))
        BlockedCommenter.objects.create(ip_hash=policy.hash_identifier("203.0.113.9"))
        no_ip = decide(open_hub, FRIENDLY, email="robin@example.org", ip_address="")
        no_email = decide(open_hub, FRIENDLY, email="", ip_address="198.51.100.7")
        assert (no_ip.state, no_ip.reasons) == (Comment.State.PUBLISHED, [])
        assert (no_email.state, no_email.reasons) == (Comment.State.PUBLISHED, [])

    def test_a_banned_word_rejects(self, open_hub, settings_row):
        words(WordList.Action.REJECT, ["darn"])
        decision = decide(open_hub, "Well, darn it.")
        assert decision.state == Comment.State.REJECTED
        assert decision.reasons == [{"code": "banned_word", "message": "banned word 'darn'"}]

    def test_a_suspect_word_holds(self, open_hub, settings_row):
        words(WordList.Action.HOLD, ["refund"])
        decision = decide(open_hub, "Can I get a REFUND for this? A refund, please.")
        assert decision.state == Comment.State.HELD
        assert decision.reasons == [{"code": "suspect_word", "message": "suspect word 'refund'"}]

    @pytest.mark.parametrize(
        ("text", "held"),
        [
            ("Refunds are slow.", True),
            ("I was refunded twice.", True),
            ("refund", True),
            ("We prefund the project.", False),
            ("Nothing to see.", False),
        ],
    )
    def test_a_trailing_star_matches_the_forms_of_a_word(self, open_hub, settings_row, text, held):
        words(WordList.Action.HOLD, ["refund*"])
        decision = decide(open_hub, text)
        assert (decision.state == Comment.State.HELD) is held
        assert codes(decision) == (["suspect_word"] if held else [])

    @pytest.mark.parametrize(
        ("text", "held"),
        [
            ("Money back, guaranteed!", True),
            ("I want my money\n  back.", True),
            ("The money is back in the bank.", False),
            ("Moneyback offers.", False),
        ],
    )
    def test_phrases_match_across_any_whitespace(self, open_hub, settings_row, text, held):
        words(WordList.Action.HOLD, ["money back"])
        assert (decide(open_hub, text).state == Comment.State.HELD) is held

    def test_a_phrase_is_reported_rather_than_the_word_it_starts_with(self, open_hub, settings_row):
        words(WordList.Action.HOLD, ["money", "money back"])
        decision = decide(open_hub, "Money back now!")
        assert decision.reasons == [{"code": "suspect_word", "message": "suspect word 'money back'"}]

    @pytest.mark.parametrize(
        ("text", "rejected"),
        [
            ("I took a class in Scunthorpe about grass.", False),
            ("Assume nothing; pass the assessment.", False),
            ("You ass!", True),
            ("ASS.", True),
        ],
    )
    def test_words_match_whole_words_only(self, open_hub, settings_row, text, rejected):
        words(WordList.Action.REJECT, ["ass"])
        assert (decide(open_hub, text).state == Comment.State.REJECTED) is rejected

    @pytest.mark.parametrize(
        "spelling",
        ["саsinо", "cas\u200bino", "ｃａｓｉｎｏ", "cásino", "c a s i n o", "cas1no", "Casinos", "\u202eonisac\u202c"],
        ids=["cyrillic", "zero-width", "fullwidth", "accent", "spaced", "digit", "plural", "rtl-override"],
    )
    def test_a_banned_word_spelled_around_is_rejected_under_its_plain_name(self, open_hub, settings_row, spelling):
        words(WordList.Action.REJECT, ["casino"])
        decision = decide(open_hub, f"Meet me at the {spelling} tonight.")
        assert decision.reasons == [{"code": "banned_word", "message": "banned word 'casino'"}]

    def test_entries_are_normalised_like_the_text(self, open_hub, settings_row):
        words(WordList.Action.REJECT, ["Cabrón"], language="es")
        assert codes(decide(open_hub, "¡Qué cabron!", language="es")) == ["banned_word"]
        assert codes(decide(open_hub, "Unos CABRONES.", language="es")) == ["banned_word"]
        assert codes(decide(open_hub, "Una cabra.", language="es")) == []

    def test_a_trailing_star_matches_normalised_forms(self, open_hub, settings_row):
        words(WordList.Action.HOLD, ["refund*"])
        assert codes(decide(open_hub, "Rеfundable, they said.")) == ["suspect_word"]  # a Cyrillic "е"

    def test_a_literal_entry_is_matched_in_look_alike_letters(self, open_hub, settings_row):
        words(WordList.Action.HOLD, ["c++"])
        assert codes(decide(open_hub, "I write ｃ++ daily")) == ["suspect_word"]

    def test_a_word_list_is_compiled_once(self, open_hub, settings_row):
        words(WordList.Action.HOLD, ["compiled"])
        decide(open_hub, "first")
        before = policy._compiled_matcher.cache_info()
        decide(open_hub, "second")
        after = policy._compiled_matcher.cache_info()
        assert (after.misses, after.hits) == (before.misses, before.hits + 2)  # banned and suspect lists

    def test_an_entry_with_regex_characters_is_matched_literally(self, open_hub, settings_row):
        words(WordList.Action.HOLD, ["c++", "a.b"])
        assert decide(open_hub, "I write c++ daily").state == Comment.State.HELD
        assert decide(open_hub, "I write c daily, about axb").state == Comment.State.PUBLISHED

    def test_word_lists_apply_to_their_own_language_only(self, open_hub, settings_row):
        words(WordList.Action.REJECT, ["merde"], language="fr")
        words(WordList.Action.REJECT, ["darn"], language="en")
        assert decide(open_hub, "Merde, the frost!", language="en").state == Comment.State.PUBLISHED
        assert decide(open_hub, "Darn, le gel !", language="fr").state == Comment.State.PUBLISHED
        french = decide(open_hub, "Merde, le gel !", language="fr")
        assert french.state == Comment.State.REJECTED
        assert french.reasons == [{"code": "banned_word", "message": "banned word 'merde'"}]

    def test_a_hubs_word_list_does_not_apply_to_another_hub(self, open_hub, home, settings_row):
        other = CommunityHubPageFactory(parent=home, premoderation=CommunityHubPage.Premoderation.FLAGGED)
        words(WordList.Action.HOLD, ["tomato"], hub=other)
        assert decide(open_hub, "A tomato question.").state == Comment.State.PUBLISHED
        assert codes(decide(other, "A tomato question.")) == ["suspect_word"]

    def test_site_wide_and_hub_lists_both_apply(self, open_hub, settings_row):
        words(WordList.Action.HOLD, ["refund"])
        words(WordList.Action.HOLD, ["tomato"], hub=open_hub)
        decision = decide(open_hub, "A tomato refund.")
        assert [reason["message"] for reason in decision.reasons] == ["suspect word 'tomato'", "suspect word 'refund'"]

    def test_more_links_than_allowed_hold(self, open_hub, settings_row):
        text = "See https://a.example, http://b.example and www.c.example"
        decision = decide(open_hub, text)
        assert decision.state == Comment.State.HELD
        assert decision.reasons == [{"code": "links", "message": "3 links"}]

    def test_links_up_to_the_limit_pass_and_a_scheme_with_www_counts_once(self, open_hub, settings_row):
        assert settings_row.max_links == 2
        decision = decide(open_hub, "See https://www.a.example and http://www.b.example")
        assert decision.state == Comment.State.PUBLISHED
        assert decision.reasons == []

    def test_the_link_limit_comes_from_the_settings(self, open_hub, settings_row):
        settings_row.max_links = 0
        settings_row.save()
        assert decide(open_hub, "See www.a.example").reasons == [{"code": "links", "message": "1 link"}]

    def test_an_offensive_english_comment_is_held_with_its_score(self, open_hub, settings_row):
        decision = decide(open_hub, OFFENSIVE)
        assert decision.state == Comment.State.HELD
        assert codes(decision) == ["offensive"]
        assert re.fullmatch(r"offensive-language score \d\.\d\d", decision.reasons[0]["message"])
        score = decision.scores["profanity"]
        assert score > settings_row.profanity_threshold
        assert score == round(score, 3)

    def test_a_friendly_english_comment_passes_and_its_score_is_recorded(self, open_hub, settings_row):
        decision = decide(open_hub, FRIENDLY)
        assert decision.state == Comment.State.PUBLISHED
        assert decision.reasons == []
        assert 0 <= decision.scores["profanity"] < settings_row.profanity_threshold

    def test_the_threshold_comes_from_the_settings(self, open_hub, settings_row):
        friendly_score = decide(open_hub, FRIENDLY).scores["profanity"]
        settings_row.profanity_threshold = friendly_score / 2
        settings_row.save()
        assert codes(decide(open_hub, FRIENDLY)) == ["offensive"]

    def test_the_offensive_language_check_is_english_only(self, open_hub, settings_row):
        decision = decide(open_hub, OFFENSIVE, language="fr")
        assert decision.state == Comment.State.PUBLISHED
        assert decision.scores == {}

    def test_a_threshold_of_one_turns_the_offensive_language_check_off(self, open_hub, settings_row):
        settings_row.profanity_threshold = 1.0
        settings_row.save()
        decision = decide(open_hub, OFFENSIVE)
        assert decision.state == Comment.State.PUBLISHED
        assert decision.scores == {}

    def test_premoderation_of_every_comment_holds(self, hub, settings_row):
        hub.premoderation = CommunityHubPage.Premoderation.ALL
        decision = decide(hub, FRIENDLY)
        assert decision.state == Comment.State.HELD
        assert decision.reasons == [
            {"code": "premoderation", "message": "This community reviews every comment before it appears."}
        ]

    def test_a_first_time_commenter_is_held(self, hub, story, settings_row):
        hub.premoderation = CommunityHubPage.Premoderation.FIRST_TIME
        published_comment(story, email="someone.else@example.org")
        published_comment(story, email="robin@example.org", state=Comment.State.HELD)
        decision = decide(hub, FRIENDLY, email="robin@example.org")
        assert decision.state == Comment.State.HELD
        assert decision.reasons == [{"code": "first_time", "message": "First comment from this commenter."}]

    def test_a_returning_commenter_is_recognised_by_email_whatever_its_case(self, hub, story, settings_row):
        hub.premoderation = CommunityHubPage.Premoderation.FIRST_TIME
        published_comment(story, email="Robin@Example.org")
        decision = decide(hub, FRIENDLY, email="robin@example.org")
        assert decision.state == Comment.State.PUBLISHED
        assert decision.reasons == []

    def test_a_signed_in_commenter_is_recognised_by_account_not_email(self, hub, story, settings_row):
        hub.premoderation = CommunityHubPage.Premoderation.FIRST_TIME
        regular, newcomer = UserFactory(), UserFactory()
        published_comment(story, user=regular, email="old@example.org")
        published_comment(story, email="shared@example.org")
        assert decide(hub, FRIENDLY, user=regular, email="new@example.org").state == Comment.State.PUBLISHED
        assert codes(decide(hub, FRIENDLY, user=newcomer, email="shared@example.org")) == ["first_time"]

    def test_flagged_premoderation_adds_nothing(self, hub, settings_row):
        hub.premoderation = CommunityHubPage.Premoderation.FLAGGED
        decision = decide(hub, FRIENDLY, email="never.seen@example.org")
        assert decision.state == Comment.State.PUBLISHED
        assert decision.reasons == []

    def test_every_reason_is_recorded(self, hub, settings_row):
        hub.premoderation = CommunityHubPage.Premoderation.ALL
        words(WordList.Action.HOLD, ["refund"])
        decision = decide(hub, "Refund at http://a.example http://b.example http://c.example")
        assert decision.state == Comment.State.HELD
        assert codes(decision) == ["suspect_word", "links", "premoderation"]

    def test_rejection_wins_over_holding(self, open_hub, settings_row):
        words(WordList.Action.HOLD, ["refund"])
        words(WordList.Action.REJECT, ["darn"])
        decision = decide(open_hub, "Darn refund, http://a.example http://b.example http://c.example")
        assert decision.state == Comment.State.REJECTED
        assert codes(decision) == ["banned_word", "suspect_word", "links"]

    def test_a_hold_after_a_block_keeps_the_rejection(self, open_hub, settings_row):
        BlockedCommenter.objects.create(email_hash=policy.hash_identifier("robin@example.org"))
        decision = decide(open_hub, OFFENSIVE)
        assert decision.state == Comment.State.REJECTED
        assert codes(decision) == ["blocked", "offensive"]

    @pytest.mark.parametrize("lists", [1, 30])
    def test_queries_do_not_grow_with_the_number_of_word_lists(
        self, hub, story, settings_row, lists, django_assert_num_queries
    ):
        # Every rule that queries runs: block list, word lists, settings, pre-moderated commenters,
        # first-time check (read one by one: the posting path reads them in one, ``read_commenter``).
        hub.premoderation = CommunityHubPage.Premoderation.FIRST_TIME
        for n in range(lists):
            words(WordList.Action.HOLD if n % 2 else WordList.Action.REJECT, [f"word{n}"])
        with django_assert_num_queries(5):
            decision = decide(hub, f"word{lists - 1} at http://a.example")
        assert codes(decision) == ["banned_word" if lists == 1 else "suspect_word", "first_time"]

    def test_queries_are_bounded_even_when_the_settings_row_is_created(self, open_hub, django_assert_max_num_queries):
        assert not ModerationSettings.objects.exists()
        with django_assert_max_num_queries(5):
            decide(open_hub, FRIENDLY)


class TestHashIdentifier:
    def test_is_a_prefixed_sha256_of_the_normalised_value(self):
        digest = policy.hash_identifier("  Robin@Example.ORG\n")
        assert digest == policy.hash_identifier("robin@example.org")
        assert re.fullmatch(r"[0-9a-f]{64}", digest)
        # The app prefix: not the plain hash anyone could look up.
        assert digest != hashlib.sha256(b"robin@example.org").hexdigest()

    def test_different_values_differ(self):
        assert policy.hash_identifier("198.51.100.7") != policy.hash_identifier("198.51.100.8")

    @pytest.mark.parametrize("value", ["", "   ", None])
    def test_an_empty_value_has_no_hash(self, value):
        assert policy.hash_identifier(value) == ""


def test_profanity_scores_score_a_batch_in_order():
    offensive, friendly = policy.profanity_scores([OFFENSIVE, FRIENDLY])
    assert isinstance(offensive, float)
    assert offensive > 0.85 > 0.2 > friendly
    assert policy.profanity_scores([]) == []


class TestRecordReport:
    @pytest.fixture
    def comment(self, story, settings_row):
        assert settings_row.reports_to_hide == 3
        return published_comment(story)

    def report(self, comment, count, *, address=None, weight=1, visitor=None):
        # What the report view does: store reports (one per identity), then raise the count in the
        # database. Each new report is from its own address unless ``address`` is given.
        stored = comment.visitor_reports.count()
        for number in range(stored, count):
            Report.objects.create(
                comment=comment,
                visitor=visitor or f"a:visitor-{number}",
                address=f"a:address-{number}" if address is None else address,
                weight=weight,
                reason=Report.Reason.SPAM,
            )
        Comment.objects.filter(pk=comment.pk).update(report_count=count)

    def test_does_not_hide_below_the_threshold(self, comment):
        self.report(comment, 2)
        assert policy.record_report(comment) is False
        comment.refresh_from_db()
        assert comment.state == Comment.State.PUBLISHED
        assert comment.reasons == []

    def test_hides_and_holds_at_the_threshold_with_a_reason(self, comment):
        self.report(comment, 3)
        assert policy.record_report(comment) is True
        assert comment.state == Comment.State.HELD
        comment.refresh_from_db()
        assert comment.state == Comment.State.HELD
        assert not comment.is_public
        assert comment.reasons == [{"code": "reports", "message": "hidden after 3 reports"}]

    def test_keeps_the_reasons_from_the_policy(self, comment):
        Comment.objects.filter(pk=comment.pk).update(reasons=[{"code": "links", "message": "3 links"}])
        self.report(comment, 4)
        assert policy.record_report(comment) is True
        comment.refresh_from_db()
        assert [reason["code"] for reason in comment.reasons] == ["links", "reports"]
        assert comment.reasons[1]["message"] == "hidden after 4 reports"

    def test_hides_only_once(self, comment):
        self.report(comment, 3)
        assert policy.record_report(comment) is True
        self.report(comment, 4)
        assert policy.record_report(comment) is False
        comment.refresh_from_db()
        assert len(comment.reasons) == 1

    def test_leaves_a_held_comment_alone(self, story, settings_row):
        held = published_comment(story, state=Comment.State.HELD)
        self.report(held, 5)
        assert policy.record_report(held) is False
        held.refresh_from_db()
        assert held.state == Comment.State.HELD
        assert held.reasons == []

    def test_the_threshold_comes_from_the_settings(self, comment, settings_row):
        settings_row.reports_to_hide = 1
        settings_row.save()
        self.report(comment, 1)
        assert policy.record_report(comment) is True
        comment.refresh_from_db()
        assert comment.reasons == [{"code": "reports", "message": "hidden after 1 report"}]

    def reports_from_one_address(self, comment, visitors):
        Report.objects.bulk_create(
            Report(comment=comment, visitor=visitor, address="a:one", reason="spam") for visitor in visitors
        )
        Comment.objects.filter(pk=comment.pk).update(report_count=len(visitors))

    def test_guests_reporting_from_one_address_count_once(self, comment):
        self.reports_from_one_address(comment, [f"e:mailbox-{number}" for number in range(4)] + ["a:one"])
        assert policy.report_voices(comment.pk, 5) == 1
        assert policy.record_report(comment) is False
        comment.refresh_from_db()
        assert comment.state == Comment.State.PUBLISHED

    def test_signed_in_reporters_count_each_even_from_one_address(self, comment):
        self.reports_from_one_address(comment, ["u:1", "u:2", "u:3"])
        assert policy.report_voices(comment.pk, 3) == 3
        assert policy.record_report(comment) is True

    def test_a_report_of_weight_two_counts_twice(self, comment):
        self.report(comment, 1, weight=2)
        assert policy.report_voices(comment.pk, 1) == 2
        assert policy.record_report(comment) is False  # 2 of 3
        self.report(comment, 2)
        assert policy.record_report(comment) is True
        comment.refresh_from_db()
        assert comment.reasons == [{"code": "reports", "message": "hidden after 2 reports"}]

    def test_dismissed_reports_do_not_count_again(self, comment):
        self.report(comment, 2)
        Comment.objects.filter(pk=comment.pk).update(report_count=0)  # approving dismisses them
        Report.objects.create(comment=comment, visitor="a:late", address="a:late", reason="spam")
        Comment.objects.filter(pk=comment.pk).update(report_count=1)
        assert policy.report_voices(comment.pk, 1) == 1
        assert policy.record_report(comment) is False

    def test_comments_hidden_before_the_rename_keep_their_reason(self, comment):
        # Migration 0008 renames the stored code "flags" to "reports", and only that code.
        import importlib

        from django.apps import apps

        migration = importlib.import_module("moderation.migrations.0008_vocabulary_reports_and_assignee")
        old = [{"code": "links", "message": "3 links"}, {"code": "flags", "message": "hidden after 3 reports"}]
        Comment.objects.filter(pk=comment.pk).update(reasons=old, report_count=3)
        migration.forwards(apps, None)
        comment.refresh_from_db()
        assert [reason["code"] for reason in comment.reasons] == ["links", "reports"]
        assert comment.reasons[1]["message"] == "hidden after 3 reports"
        migration.backwards(apps, None)
        comment.refresh_from_db()
        assert comment.reasons == old
