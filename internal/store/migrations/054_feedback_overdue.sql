-- The requests still open past their deadline, per site: the oversight
-- report counts them (internal/report/oversight.go). Without an index on
-- the deadline the planner read the whole table when many of the open
-- requests were overdue (TestQueryPlans, once, on a loaded machine); this
-- one holds only the open, unanswered requests, so the count reads the
-- index alone. The states are feedback.OpenStatesSQL's, as in the
-- index of the open requests (migration 016).
CREATE INDEX feedback_requests_overdue ON feedback_requests (site_id, answer_due)
    WHERE answered_at IS NULL AND state IN ('held', 'received', 'registered', 'in_scope', 'assigned', 'answered');
