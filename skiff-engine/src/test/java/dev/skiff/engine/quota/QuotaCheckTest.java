package dev.skiff.engine.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.quota.QuotaCheck.Verdict;
import dev.skiff.store.identity.ProfileQuota;
import org.junit.jupiter.api.Test;

class QuotaCheckTest {
  private static final long GIB = 1L << 30;

  private static ProfileQuota steps(int n) {
    return new ProfileQuota(n, null, null, null, null);
  }

  private static ProfileQuota gpus(int n) {
    return new ProfileQuota(null, null, null, n, null);
  }

  @Test
  void no_quota_lets_everything_in() {
    QuotaUsage busy = new QuotaUsage(500, 64_000, 512 * GIB, 8);
    assertThat(QuotaCheck.check("a", ProfileQuota.NONE, busy, new StepDemand(4000, GIB, 4)))
        .isInstanceOf(Verdict.Fits.class);
  }

  @Test
  void a_step_counts_one_step_even_when_it_asks_for_nothing() {
    assertThat(
            QuotaCheck.check("a", steps(2), QuotaUsage.NONE.plus(StepDemand.NONE), StepDemand.NONE))
        .isInstanceOf(Verdict.Fits.class);
    assertThat(
            QuotaCheck.check(
                "team-a", steps(1), QuotaUsage.NONE.plus(StepDemand.NONE), StepDemand.NONE))
        .isEqualTo(new Verdict.Exceeds("profile 'team-a' uses 1 of 1 steps"));
  }

  @Test
  void gpus_in_use_hold_back_the_next_gpu_step_but_not_a_cpu_step() {
    QuotaUsage oneGpu = QuotaUsage.NONE.plus(new StepDemand(0, 0, 1));
    assertThat(QuotaCheck.check("team-a", gpus(1), oneGpu, new StepDemand(0, 0, 1)))
        .isEqualTo(new Verdict.Exceeds("profile 'team-a' uses 1 of 1 GPUs"));
    assertThat(QuotaCheck.check("team-a", gpus(1), oneGpu, new StepDemand(2000, GIB, 0)))
        .isInstanceOf(Verdict.Fits.class);
  }

  @Test
  void cpu_and_memory_name_what_is_used_of_what() {
    ProfileQuota q = new ProfileQuota(null, 2000L, 2 * GIB, null, null);
    assertThat(QuotaCheck.check("a", q, new QuotaUsage(1, 1500, 0, 0), new StepDemand(1000, 0, 0)))
        .isEqualTo(new Verdict.Exceeds("profile 'a' uses 1.5 of 2 CPUs"));
    assertThat(
            QuotaCheck.check(
                "a", q, new QuotaUsage(1, 500, 1536L << 20, 0), new StepDemand(500, GIB, 0)))
        .isEqualTo(new Verdict.Exceeds("profile 'a' uses 1.5 GiB of 2 GiB of memory"));
    assertThat(
            QuotaCheck.check("a", q, new QuotaUsage(1, 500, GIB, 0), new StepDemand(1500, GIB, 0)))
        .isInstanceOf(Verdict.Fits.class);
  }

  @Test
  void a_step_bigger_than_the_quota_can_never_start() {
    assertThat(QuotaCheck.check("team-a", gpus(1), QuotaUsage.NONE, new StepDemand(0, 0, 2)))
        .isEqualTo(
            new Verdict.Never("step asks for 2 GPUs but profile 'team-a' has a quota of 1 GPU"));
    assertThat(
            QuotaCheck.check(
                "a",
                new ProfileQuota(null, 1000L, null, null, null),
                QuotaUsage.NONE,
                new StepDemand(1250, 0, 0)))
        .isEqualTo(
            new Verdict.Never("step asks for 1.25 CPUs but profile 'a' has a quota of 1 CPU"));
    assertThat(
            QuotaCheck.check(
                "a",
                new ProfileQuota(null, null, GIB, null, null),
                QuotaUsage.NONE,
                new StepDemand(0, 2 * GIB, 0)))
        .isEqualTo(
            new Verdict.Never(
                "step asks for 2 GiB of memory but profile 'a' has a quota of 1 GiB of memory"));
    assertThat(QuotaCheck.check("a", steps(0), QuotaUsage.NONE, StepDemand.NONE))
        .isEqualTo(
            new Verdict.Never(
                "profile 'a' has a quota of 0 steps at once: none of its steps can run"));
  }

  @Test
  void a_step_that_fits_the_quota_alone_waits_rather_than_failing_when_others_use_it() {
    assertThat(
            QuotaCheck.check(
                "a",
                gpus(2),
                QuotaUsage.NONE.plus(new StepDemand(0, 0, 1)),
                new StepDemand(0, 0, 2)))
        .isEqualTo(new Verdict.Exceeds("profile 'a' uses 1 of 2 GPUs"));
  }

  @Test
  void the_demand_is_the_parsed_request_with_cpus_in_millis() {
    assertThat(StepDemand.of(new ResourceRequest(0.5, GIB, "nvidia.com/gpu", 2)))
        .isEqualTo(new StepDemand(500, GIB, 2));
    assertThat(StepDemand.of(new ResourceRequest(0.0015, 0, null, 0)))
        .isEqualTo(new StepDemand(2, 0, 0));
    assertThat(StepDemand.of(ResourceRequest.NONE)).isEqualTo(StepDemand.NONE);
  }
}
