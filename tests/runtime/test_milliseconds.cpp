// dorm::Milliseconds: OpenOptions' timeout type, built from and read as std::chrono durations.
#include <catch2/catch.hpp>

#include <chrono>

#include <dorm/core/milliseconds.hpp>
#include <dorm/core/open_options.hpp>

using namespace std::chrono_literals;

TEST_CASE("milliseconds take any std::chrono duration, truncated toward zero as duration_cast does",
          "[runtime][milliseconds]") {
  CHECK(dorm::Milliseconds(250ms).count() == 250);
  CHECK(dorm::Milliseconds(2s).count() == 2000);
  CHECK(dorm::Milliseconds(std::chrono::minutes(1)).count() == 60000);
  CHECK(dorm::Milliseconds(1999us).count() == 1);
  CHECK(dorm::Milliseconds(-1999us).count() == -1);
  CHECK(dorm::Milliseconds(std::chrono::duration<double>(0.0125)).count() == 12);
  CHECK(dorm::Milliseconds(std::chrono::milliseconds::max()).count() == std::chrono::milliseconds::max().count());
}

TEST_CASE("milliseconds read back as any std::chrono duration", "[runtime][milliseconds]") {
  const dorm::Milliseconds timeout(2500);
  const std::chrono::milliseconds ms = timeout;
  const std::chrono::seconds s = timeout;
  const std::chrono::microseconds us = timeout;
  CHECK(ms == 2500ms);
  CHECK(s == 2s);
  CHECK(us == 2500000us);
}

TEST_CASE("OpenOptions' busy timeout is 5 s by default and set as a std::chrono duration", "[runtime][milliseconds]") {
  dorm::OpenOptions options;
  CHECK(options.busy_timeout == dorm::Milliseconds(5000));
  options.busy_timeout = 250ms;
  CHECK(options.busy_timeout.count() == 250);
  options.busy_timeout = std::chrono::seconds(1);
  CHECK(options.busy_timeout > dorm::Milliseconds(999));
  const dorm::OpenOptions designated{.busy_timeout = 100ms};
  CHECK(designated.busy_timeout == 100ms);
}
