import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..sandbox.fuzz import mutate, paths
from .common import load_sample
from .import_common import ImportCase

SAMPLES = {
    "xcart": load_sample("xcart55_order.json"),
    "clarity": load_sample("clarity_salesorder.json"),
}
# 1,000 examples in CI (env CI set), fewer locally.
FUZZ_EXAMPLES = 1000 if os.environ.get("CI") else 30
# PostgreSQL's JSON holds no NUL character and no lone surrogate: the webhook refuses
# both before the queue (tests/test_webhook.py).
STORABLE = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.integers(-(10**40), 10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["-1", "-5", "1e400", "inf", "NaN", "", " ", "2026-13-45", "not a date"]),
    st.text(STORABLE, max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(STORABLE, max_size=5), st.integers(), max_size=3),
)


MUTATIONS = st.sampled_from(sorted(SAMPLES)).flatmap(
    lambda platform: st.tuples(
        st.just(platform),
        st.lists(
            st.tuples(st.sampled_from(list(paths(SAMPLES[platform]))), SCALARS, st.booleans()),
            min_size=1,
            max_size=4,
        ),
    )
)


class TestImportFuzz(ImportCase):
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(MUTATIONS)
    def test_mutated_orders_never_escape_the_processor(self, case):
        platform, mutations = case
        payload = SAMPLES[platform]
        for path, value, delete in mutations:
            try:
                payload = mutate(payload, path, value, delete)
            except (KeyError, IndexError, TypeError):
                continue
        channel = self.clarity if platform == "clarity" else self.channel
        with self.env.cr.savepoint(flush=False) as savepoint:
            log = self.run_event(payload, channel=channel)
            # the only outcomes: done, or failed with a validation or business error
            self.assertIn(log.state, ("done", "failed"), log.error_message)
            if log.state == "failed":
                self.assertIn(log.error_class, ("validation", "business"), log.error_message)
                self.assertTrue(log.error_message)
                self.assertNotIn("Unexpected error", log.error_message)
            savepoint.rollback()
        self.env.invalidate_all()

    def test_a_fee_past_any_amount_is_refused_with_its_path(self):
        payload = dict(
            SAMPLES["clarity"], Totals=dict(SAMPLES["clarity"]["Totals"], Handling="1e400")
        )
        log = self.run_event(payload, channel=self.clarity)
        self.assertEqual((log.state, log.error_class), ("failed", "validation"))
        self.assertIn("Totals.Handling", log.error_message)
