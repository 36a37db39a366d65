package dev.skiff.server.notebook;

import dev.skiff.server.web.PageChrome;

/**
 * The page a browser gets at a notebook's address while its server does not run (status 503).
 *
 * @param chrome the dashboard's header
 * @param profile the notebook's profile
 * @param name the notebook's name
 * @param status its status as users see it ({@code Stopped}, {@code Pending}, ...)
 * @param reason why, one line; empty when there is nothing to say
 * @param canStart whether the page offers Start (the caller has the edit role and the notebook is
 *     stopped or failed)
 * @param startApi the API address the Start button changes ({@code PATCH {"stopped": false}})
 * @param waiting whether the server is on its way up or down (the page reloads itself)
 * @param listPath the profile's notebook list
 */
public record NotRunningPage(
    PageChrome chrome,
    String profile,
    String name,
    String status,
    String reason,
    boolean canStart,
    String startApi,
    boolean waiting,
    String listPath) {}
