package dev.skiff.engine.quota;

import dev.skiff.store.identity.ProfileQuota;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the running steps of each profile request, across every run this engine drives, and which
 * steps wait for their profile's quota. One per engine; the run drivers share it (thread-safe).
 *
 * <p>Holders are keyed by any object with value equality: a step attempt's {@code StepId}, or
 * another holder of the profile's resources (a notebook server) under a key type of its own.
 *
 * <p>A step is counted from the moment it is admitted until its attempt ends ({@link #release}).
 * Waiting steps of a profile are admitted strictly in the order they began to wait: a step that
 * would fit does not overtake an earlier one that does not. Profiles never wait for each other. The
 * ledger does not call back into the runs to start their steps: it <em>wakes</em> the first waiting
 * step of a profile (its {@code wake} action, which must only post an event) whenever it may fit
 * now, and that step's driver asks again with {@link #acquire}.
 */
public final class QuotaLedger {

  /** The answer to {@link #acquire}. */
  public sealed interface Admission {
    /** The step is counted and may be handed to the executor now. */
    record Admitted() implements Admission {}

    /**
     * The step waits; it is woken when it may fit.
     *
     * @param reason for the task, e.g. {@code profile 'team-a' uses 1 of 1 GPUs}
     */
    record Waiting(String reason) implements Admission {}

    /**
     * The step can never start under its profile's quota.
     *
     * @param reason one line naming the quota
     */
    record Refused(String reason) implements Admission {}
  }

  private static final Admission ADMITTED = new Admission.Admitted();

  private record Held(String profile, StepDemand demand) {}

  private record Waiter(StepDemand demand, Runnable wake) {}

  /** One profile's usage and its waiting steps, oldest first. */
  private static final class Book {
    QuotaUsage usage = QuotaUsage.NONE;
    final LinkedHashMap<Object, Waiter> waiting = new LinkedHashMap<>();

    boolean isIdle() {
      return usage.isEmpty() && waiting.isEmpty();
    }
  }

  private final QuotaSource quotas;
  private final Map<String, Book> books = new HashMap<>();
  private final Map<Object, Held> held = new HashMap<>();
  private final Map<Object, String> waitingIn = new HashMap<>();

  /** A ledger whose limits come from {@code quotas}. */
  public QuotaLedger(QuotaSource quotas) {
    this.quotas = Objects.requireNonNull(quotas, "quotas");
  }

  /**
   * Asks to start a step: admits and counts it when nothing of its profile waits ahead of it and it
   * fits the quota; else keeps it waiting (or keeps it where it waits) until {@code wake} runs and
   * the caller asks again; refuses it when it alone passes the quota (it no longer waits then).
   *
   * @param profile the run's profile
   * @param id the attempt
   * @param demand what it asks for
   * @param wake posts "ask again" to the step's run; run without the ledger's lock
   */
  public Admission acquire(String profile, Object id, StepDemand demand, Runnable wake) {
    ProfileQuota quota = quotas.quotaOf(profile); // may read the store: outside the lock
    List<Runnable> wakes = new ArrayList<>(1);
    Admission answer;
    synchronized (this) {
      if (held.containsKey(id)) {
        return ADMITTED;
      }
      Book book = books.computeIfAbsent(profile, p -> new Book());
      QuotaCheck.Verdict verdict = QuotaCheck.check(profile, quota, book.usage, demand);
      Object first = book.waiting.isEmpty() ? null : book.waiting.firstEntry().getKey();
      boolean ahead = first != null && !first.equals(id);
      switch (verdict) {
        case QuotaCheck.Verdict.Never n -> {
          unqueue(book, id, wakes);
          answer = new Admission.Refused(n.reason());
        }
        case QuotaCheck.Verdict.Exceeds e -> {
          enqueue(profile, book, id, demand, wake);
          answer = new Admission.Waiting(e.reason());
        }
        case QuotaCheck.Verdict.Fits f when ahead -> {
          enqueue(profile, book, id, demand, wake);
          int n = position(book, id);
          answer =
              new Admission.Waiting(
                  "profile '"
                      + profile
                      + "' has "
                      + n
                      + (n == 1 ? " step" : " steps")
                      + " waiting ahead of this one");
        }
        case QuotaCheck.Verdict.Fits f -> {
          unqueue(book, id, wakes);
          book.usage = book.usage.plus(demand);
          held.put(id, new Held(profile, demand));
          answer = ADMITTED; // unqueue woke the next one, which may fit as well
        }
      }
      if (book.isIdle()) {
        books.remove(profile);
      }
    }
    wakes.forEach(Runnable::run);
    return answer;
  }

  /**
   * Asks to count a holder that does not queue (a notebook server, whose reconciler asks again on
   * its own): admits and counts it when it fits the quota now, whatever waits in the profile's
   * queue; else answers why not and keeps nothing. Waiting steps are never held back by it.
   */
  public Admission tryAcquire(String profile, Object id, StepDemand demand) {
    ProfileQuota quota = quotas.quotaOf(profile); // may read the store: outside the lock
    synchronized (this) {
      if (held.containsKey(id)) {
        return ADMITTED;
      }
      Book book = books.computeIfAbsent(profile, p -> new Book());
      Admission answer =
          switch (QuotaCheck.check(profile, quota, book.usage, demand)) {
            case QuotaCheck.Verdict.Never n -> new Admission.Refused(n.reason());
            case QuotaCheck.Verdict.Exceeds e -> new Admission.Waiting(e.reason());
            case QuotaCheck.Verdict.Fits f -> {
              book.usage = book.usage.plus(demand);
              held.put(id, new Held(profile, demand));
              yield ADMITTED;
            }
          };
      if (book.isIdle()) {
        books.remove(profile);
      }
      return answer;
    }
  }

  /**
   * Counts a step that runs already, whatever the quota (an attempt a previous engine started,
   * reclaimed after a restart). Nothing when it is counted already.
   */
  public synchronized void charge(String profile, Object id, StepDemand demand) {
    if (held.containsKey(id)) {
      return;
    }
    Book book = books.computeIfAbsent(profile, p -> new Book());
    book.usage = book.usage.plus(demand);
    held.put(id, new Held(profile, demand));
  }

  /** A counted step ended: its profile's usage drops. Nothing when it is not counted. */
  public void release(Object id) {
    List<Runnable> wakes = new ArrayList<>(1);
    synchronized (this) {
      Held h = held.remove(id);
      if (h == null) {
        return;
      }
      Book book = books.get(h.profile());
      book.usage = book.usage.minus(h.demand());
      wakeFirst(book, wakes);
      if (book.isIdle()) {
        books.remove(h.profile());
      }
    }
    wakes.forEach(Runnable::run);
  }

  /**
   * A waiting step no longer waits (it was canceled, or its run stopped).
   *
   * @return whether it was waiting
   */
  public boolean withdraw(Object id) {
    List<Runnable> wakes = new ArrayList<>(1);
    synchronized (this) {
      String profile = waitingIn.get(id);
      if (profile == null) {
        return false;
      }
      Book book = books.get(profile);
      unqueue(book, id, wakes);
      if (book.isIdle()) {
        books.remove(profile);
      }
    }
    wakes.forEach(Runnable::run);
    return true;
  }

  /**
   * Wakes the first waiting step of every profile, so that a quota an administrator raised (or
   * removed) applies without waiting for a step to end. Called periodically.
   */
  public void wakeWaiting() {
    List<Runnable> wakes = new ArrayList<>();
    synchronized (this) {
      for (Book book : books.values()) {
        wakeFirst(book, wakes);
      }
    }
    wakes.forEach(Runnable::run);
  }

  /** What the counted steps of a profile request now. */
  public synchronized QuotaUsage usage(String profile) {
    Book book = books.get(profile);
    return book == null ? QuotaUsage.NONE : book.usage;
  }

  /** How many steps of a profile wait. */
  public synchronized int waiting(String profile) {
    Book book = books.get(profile);
    return book == null ? 0 : book.waiting.size();
  }

  private void enqueue(String profile, Book book, Object id, StepDemand demand, Runnable wake) {
    book.waiting.putIfAbsent(id, new Waiter(demand, wake));
    waitingIn.put(id, profile);
  }

  /** Takes a step out of its queue; when it was first, the new first one may fit now. */
  private void unqueue(Book book, Object id, List<Runnable> wakes) {
    boolean wasFirst = !book.waiting.isEmpty() && book.waiting.firstEntry().getKey().equals(id);
    if (book.waiting.remove(id) != null) {
      waitingIn.remove(id);
      if (wasFirst) {
        wakeFirst(book, wakes);
      }
    }
  }

  private static void wakeFirst(Book book, List<Runnable> wakes) {
    if (!book.waiting.isEmpty()) {
      wakes.add(book.waiting.firstEntry().getValue().wake());
    }
  }

  /** How many steps wait ahead of {@code id}. */
  private static int position(Book book, Object id) {
    int n = 0;
    for (Iterator<Object> it = book.waiting.keySet().iterator(); it.hasNext(); n++) {
      if (it.next().equals(id)) {
        return n;
      }
    }
    return n;
  }
}
