package dev.skiff.engine.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.quota.QuotaLedger.Admission;
import dev.skiff.store.identity.ProfileQuota;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The ledger's bookkeeping, with wakes recorded instead of posted to run drivers. */
class QuotaLedgerTest {
  private final Map<String, ProfileQuota> quotas = new ConcurrentHashMap<>();
  private final QuotaLedger ledger =
      new QuotaLedger(p -> quotas.getOrDefault(p, ProfileQuota.NONE));
  private final List<StepId> woken = new ArrayList<>();

  private static StepId step(String run, String task) {
    return new StepId(run, task, 1);
  }

  private Admission ask(String profile, StepId id, StepDemand demand) {
    return ledger.acquire(profile, id, demand, () -> woken.add(id));
  }

  private static Admission waiting(String reason) {
    return new Admission.Waiting(reason);
  }

  @Test
  void waiting_steps_start_in_the_order_they_began_to_wait() {
    quotas.put("a", new ProfileQuota(1, null, null, null, null));
    StepId first = step("r1", "s1");
    StepId second = step("r1", "s2");
    StepId third = step("r2", "s1");

    assertThat(ask("a", first, StepDemand.NONE)).isInstanceOf(Admission.Admitted.class);
    assertThat(ask("a", second, StepDemand.NONE))
        .isEqualTo(waiting("profile 'a' uses 1 of 1 steps"));
    assertThat(ask("a", third, StepDemand.NONE))
        .isEqualTo(waiting("profile 'a' uses 1 of 1 steps"));
    assertThat(woken).isEmpty();

    ledger.release(first);
    assertThat(woken).as("only the first in line is woken").containsExactly(second);
    // The third asks before the woken second does: it fits, but it must not overtake.
    assertThat(ask("a", third, StepDemand.NONE))
        .isEqualTo(waiting("profile 'a' has 1 step waiting ahead of this one"));
    assertThat(ask("a", second, StepDemand.NONE)).isInstanceOf(Admission.Admitted.class);
    assertThat(woken).as("the next in line is woken in turn").containsExactly(second, third);
    assertThat(ask("a", third, StepDemand.NONE))
        .isEqualTo(waiting("profile 'a' uses 1 of 1 steps"));
    assertThat(ledger.waiting("a")).isEqualTo(1);

    ledger.release(second);
    assertThat(ask("a", third, StepDemand.NONE)).isInstanceOf(Admission.Admitted.class);
    ledger.release(third);
    assertThat(ledger.usage("a")).isEqualTo(QuotaUsage.NONE);
    assertThat(ledger.waiting("a")).isZero();
  }

  @Test
  void one_profile_waiting_never_holds_back_another() {
    quotas.put("a", new ProfileQuota(null, null, null, 1, null));
    StepDemand gpu = new StepDemand(0, 0, 1);
    assertThat(ask("a", step("r1", "s1"), gpu)).isInstanceOf(Admission.Admitted.class);
    assertThat(ask("a", step("r1", "s2"), gpu)).isEqualTo(waiting("profile 'a' uses 1 of 1 GPUs"));
    for (int i = 0; i < 5; i++) {
      assertThat(ask("b", step("r2", "s" + i), gpu)).isInstanceOf(Admission.Admitted.class);
    }
    assertThat(ledger.usage("b")).isEqualTo(new QuotaUsage(5, 0, 0, 5));
    assertThat(ledger.usage("a")).isEqualTo(new QuotaUsage(1, 0, 0, 1));
  }

  @Test
  void a_step_bigger_than_the_quota_is_refused_and_does_not_wait() {
    quotas.put("a", new ProfileQuota(null, null, null, 1, null));
    assertThat(ask("a", step("r", "big"), new StepDemand(0, 0, 2)))
        .isEqualTo(
            new Admission.Refused("step asks for 2 GPUs but profile 'a' has a quota of 1 GPU"));
    assertThat(ledger.waiting("a")).isZero();
    assertThat(ledger.usage("a")).isEqualTo(QuotaUsage.NONE);
  }

  @Test
  void withdrawing_the_first_in_line_wakes_the_next() {
    quotas.put("a", new ProfileQuota(1, null, null, null, null));
    StepId running = step("r", "s0");
    StepId gone = step("r", "s1");
    StepId next = step("r", "s2");
    ask("a", running, StepDemand.NONE);
    ask("a", gone, StepDemand.NONE);
    ask("a", next, StepDemand.NONE);

    assertThat(ledger.withdraw(gone)).isTrue();
    assertThat(ledger.withdraw(gone)).isFalse();
    assertThat(woken).containsExactly(next);
    assertThat(ledger.waiting("a")).isEqualTo(1);
  }

  @Test
  void a_raised_quota_applies_at_the_next_periodic_wake() {
    quotas.put("a", new ProfileQuota(1, null, null, null, null));
    StepId running = step("r", "s0");
    StepId waits = step("r", "s1");
    ask("a", running, StepDemand.NONE);
    ask("a", waits, StepDemand.NONE);

    quotas.put("a", new ProfileQuota(2, null, null, null, null));
    ledger.wakeWaiting();
    assertThat(woken).containsExactly(waits);
    assertThat(ask("a", waits, StepDemand.NONE)).isInstanceOf(Admission.Admitted.class);
    assertThat(ledger.usage("a").steps()).isEqualTo(2);
  }

  @Test
  void reclaimed_steps_count_whatever_the_quota_and_releases_count_once() {
    quotas.put("a", new ProfileQuota(1, null, null, null, null));
    StepId one = step("r", "s0");
    StepId two = step("r", "s1");
    ledger.charge("a", one, new StepDemand(1000, 0, 0));
    ledger.charge("a", two, new StepDemand(1000, 0, 0));
    ledger.charge("a", two, new StepDemand(1000, 0, 0));
    assertThat(ledger.usage("a")).isEqualTo(new QuotaUsage(2, 2000, 0, 0));
    assertThat(ask("a", step("r", "s2"), StepDemand.NONE))
        .isEqualTo(waiting("profile 'a' uses 2 of 1 steps"));

    ledger.release(one);
    ledger.release(one);
    assertThat(ledger.usage("a")).isEqualTo(new QuotaUsage(1, 1000, 0, 0));
  }

  @Test
  void notebook_servers_count_apart_from_steps_and_never_queue() {
    quotas.put("a", new ProfileQuota(1, null, null, 1, 1));
    Object nb1 = "notebook a/nb1";
    Object nb2 = "notebook a/nb2";
    assertThat(ledger.tryAcquire("a", nb1, StepDemand.notebook(500, 0, 1)))
        .isInstanceOf(Admission.Admitted.class);
    assertThat(ledger.usage("a")).isEqualTo(new QuotaUsage(0, 500, 0, 1, 1));
    assertThat(ledger.tryAcquire("a", nb2, StepDemand.notebook(500, 0, 0)))
        .isEqualTo(waiting("profile 'a' runs 1 of 1 notebook servers"));
    assertThat(ledger.waiting("a")).as("a notebook does not queue").isZero();
    StepId step = step("r1", "s1");
    assertThat(ask("a", step, StepDemand.NONE))
        .as("a step is not held back by a notebook that waits")
        .isInstanceOf(Admission.Admitted.class);
    assertThat(ask("a", step("r1", "s2"), new StepDemand(0, 0, 1)))
        .as("the notebook's GPU counts for the steps too")
        .isInstanceOf(Admission.Waiting.class);
    ledger.release(nb1);
    assertThat(ledger.tryAcquire("a", nb2, StepDemand.notebook(500, 0, 0)))
        .isInstanceOf(Admission.Admitted.class);
    quotas.put("a", new ProfileQuota(null, null, null, null, 0));
    assertThat(ledger.tryAcquire("a", "notebook a/nb3", StepDemand.notebook(0, 0, 0)))
        .isEqualTo(
            new Admission.Refused("profile 'a' has a quota of 0 notebook servers: none can run"));
  }
}
