package dev.skiff.engine.drive;

import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.launch.LaunchBuilder;
import dev.skiff.engine.quota.QuotaLedger;
import dev.skiff.engine.run.RunModel;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where one run's new attempts wait before they go to the executor: first for room in the
 * executor's {@link LaunchWindow}, then for their profile's quota ({@link QuotaGate}). An attempt
 * that may go becomes a {@link ActionApplier.Effect.Start} in the driver's effects; one that waits
 * for the quota says why on its task; one that can never fit the quota fails as unschedulable. Used
 * on the run's driver thread only, except {@link #ended}.
 */
final class StepOutbox {
  private final RunModel model;
  private final ActionApplier applier;
  private final Supplier<Instant> now;
  private final List<ActionApplier.Effect> effects;
  private final LaunchWindow window;
  private final QuotaGate gate;

  /**
   * An outbox for one run.
   *
   * @param effects the driver's effects, carried out once the round's changes are stored
   * @param windowSize the executor's launch window
   * @param post queues work on the run's driver thread
   */
  StepOutbox(
      RunModel model,
      ActionApplier applier,
      Supplier<Instant> now,
      List<ActionApplier.Effect> effects,
      int windowSize,
      QuotaLedger quotas,
      Consumer<Runnable> post) {
    this.model = model;
    this.applier = applier;
    this.now = now;
    this.effects = effects;
    this.window = new LaunchWindow(windowSize);
    this.gate =
        new QuotaGate(quotas, model.run().options().profile(), id -> post.accept(() -> wake(id)));
  }

  /** A new attempt (recorded in the model) is to start. */
  void start(StepLaunch launch) {
    if (window.hasRoom()) {
      window.sent();
      admit(launch);
    } else {
      window.queue(launch.id()); // only its id waits; the launch is built again when it goes
    }
  }

  /** Moves attempts that waited for the window on, as far as there is room. */
  void sendWaiting() {
    for (StepId id = window.next(); id != null; id = window.next()) {
      if (!applier.isLive(model, id)) {
        continue;
      }
      StepLaunch launch;
      try {
        launch = applier.launchOf(model, id.taskPath(), id.attempt());
      } catch (LaunchBuilder.LaunchException e) {
        applier.ended(model, id, new StepResult.Unschedulable(e.getMessage()), now.get());
        continue;
      }
      window.sent();
      admit(launch);
    }
  }

  /**
   * Drops an attempt that never went to the executor (it was canceled).
   *
   * @return whether it waited here; if not, it is the executor's to cancel
   */
  boolean drop(StepId id) {
    if (window.remove(id)) {
      return true;
    }
    if (gate.withdraw(id)) {
      window.returned();
      return true;
    }
    return false;
  }

  /** An admitted attempt goes to the executor now. */
  void handedOver(StepId id) {
    gate.handedOver(id);
  }

  /** An attempt a previous engine started is handed back to the executor. */
  void reclaiming() {
    window.sent();
  }

  /** ... and counts toward its profile's quota, whatever the quota says: it runs already. */
  void reclaimed(StepLaunch launch) {
    gate.reclaimed(launch);
  }

  /** The executor finished with an attempt: its quota is free now. Any thread. */
  void ended(StepId id) {
    gate.ended(id);
  }

  /** ... and, on the run's thread, its room in the window. */
  void returned() {
    window.returned();
  }

  /** The driver stops: what the run holds in its profile's quota and queue is given back. */
  void close() {
    gate.close();
  }

  /**
   * Hands an attempt in the window on when its profile's quota allows; else it waits with the
   * reason on its task (and {@link #wake} asks again), or fails when it can never fit.
   */
  private void admit(StepLaunch launch) {
    StepId id = launch.id();
    switch (gate.offer(launch)) {
      case QuotaLedger.Admission.Admitted ok -> {
        applier.handedOver(model, id, now.get());
        effects.add(new ActionApplier.Effect.Start(launch));
      }
      case QuotaLedger.Admission.Waiting w ->
          applier.waiting(model, id, "waiting for quota: " + w.reason());
      case QuotaLedger.Admission.Refused r -> {
        window.returned();
        applier.ended(model, id, new StepResult.Unschedulable(r.reason()), now.get());
      }
    }
  }

  /** The quota may have room for an attempt that waits for it: ask again. */
  private void wake(StepId id) {
    if (!gate.isWaiting(id)) {
      return; // admitted or withdrawn since
    }
    StepLaunch launch = null;
    String failure = null;
    if (applier.isLive(model, id)) {
      try {
        launch = applier.launchOf(model, id.taskPath(), id.attempt());
      } catch (LaunchBuilder.LaunchException e) {
        failure = e.getMessage();
      }
    }
    if (launch != null) {
      admit(launch);
      return;
    }
    gate.withdraw(id);
    window.returned();
    if (failure != null) {
      applier.ended(model, id, new StepResult.Unschedulable(failure), now.get());
    }
  }
}
