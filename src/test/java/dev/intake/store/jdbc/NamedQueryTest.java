package dev.intake.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedQueryTest {

  @Test
  void parametersBecomePlaceholdersInOrder() {
    NamedQuery q = NamedQuery.parse("q", "UPDATE jobs SET a = :a WHERE job_id = :job_id");
    assertThat(q.sql()).isEqualTo("UPDATE jobs SET a = ? WHERE job_id = ?");
    assertThat(q.parameterNames()).containsExactly("a", "job_id");
  }

  @Test
  void castsAndQuotedTextAreLeftAlone() {
    NamedQuery q = NamedQuery.parse("q", "SELECT :x::text, 'it''s :not_one' WHERE b = :b");
    assertThat(q.sql()).isEqualTo("SELECT ?::text, 'it''s :not_one' WHERE b = ?");
    assertThat(q.parameterNames()).containsExactly("x", "b");
  }

  @Test
  void anApostropheInACommentDoesNotHideTheParametersAfterIt() {
    NamedQuery q =
        NamedQuery.parse(
            "q",
            "-- the jobs' ids: :not_one either\nDELETE FROM jobs WHERE completed_at < :before");
    assertThat(q.parameterNames()).containsExactly("before");
    assertThat(q.sql()).endsWith("WHERE completed_at < ?");
  }
}
