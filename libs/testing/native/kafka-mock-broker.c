/*
 * kafka-mock-broker: librdkafka's mock Kafka cluster as a child process for tests.
 *
 * Compiled on demand by libs/testing/src/kafka/build-kafka-mock-broker.ts (cc ... -lrdkafka) and
 * driven by kafka-test-broker.ts. Usage: kafka-mock-broker [broker_count]
 *
 * Protocol, one line each way:
 *   stdout, first line   the bootstrap servers, e.g. "127.0.0.1:39021,127.0.0.1:41233"
 *   stdin               down <broker_id> | up <broker_id> | down-all | up-all
 *                       topic <name> <partitions>
 *                       errors <api_key> <count> <error_code>
 *                       rtt <broker_id> <milliseconds>
 *   stdout, per command "ok" or "error <reason>"
 *
 * Exits cleanly on stdin EOF, SIGTERM or SIGINT. stdin is the lifeline: whatever way the parent
 * dies, the kernel closes the pipe and this process ends with it, so no broker outlives a test run.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_BROKERS 16

static rd_kafka_mock_cluster_t *cluster;
static int broker_count = 1;

static volatile sig_atomic_t stopping;

static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

/* "error <NAME>: <description>", e.g. "error TOPIC_ALREADY_EXISTS: Broker: Topic already exists",
 * so the parent can match the stable name. */
static void reply_err(rd_kafka_resp_err_t err) {
  if (err)
    printf("error %s: %s\n", rd_kafka_err2name(err), rd_kafka_err2str(err));
  else
    printf("ok\n");
}

static int valid_broker(long id) { return id >= 1 && id <= broker_count; }

/* Applies one command line; always answers exactly one line. */
static void run_command(char *line) {
  char name[512];
  long a, b, c;

  if (sscanf(line, "down %ld", &a) == 1) {
    if (!valid_broker(a)) { printf("error no broker %ld\n", a); return; }
    reply_err(rd_kafka_mock_broker_set_down(cluster, (int32_t)a));
  } else if (sscanf(line, "up %ld", &a) == 1) {
    if (!valid_broker(a)) { printf("error no broker %ld\n", a); return; }
    reply_err(rd_kafka_mock_broker_set_up(cluster, (int32_t)a));
  } else if (strcmp(line, "down-all") == 0 || strcmp(line, "up-all") == 0) {
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    for (int id = 1; id <= broker_count && !err; id++)
      err = line[0] == 'd' ? rd_kafka_mock_broker_set_down(cluster, id)
                           : rd_kafka_mock_broker_set_up(cluster, id);
    reply_err(err);
  } else if (sscanf(line, "topic %511s %ld", name, &a) == 2) {
    if (a < 1) { printf("error partitions must be >= 1\n"); return; }
    int replication = broker_count < 3 ? broker_count : 3;
    reply_err(rd_kafka_mock_topic_create(cluster, name, (int)a, replication));
  } else if (sscanf(line, "errors %ld %ld %ld", &a, &b, &c) == 3) {
    if (b < 1 || b > 10000) { printf("error count must be 1..10000\n"); return; }
    rd_kafka_resp_err_t *errs = malloc(sizeof(*errs) * (size_t)b);
    if (!errs) { printf("error out of memory\n"); return; }
    for (long i = 0; i < b; i++) errs[i] = (rd_kafka_resp_err_t)c;
    rd_kafka_mock_push_request_errors_array(cluster, (int16_t)a, (size_t)b, errs);
    free(errs);
    printf("ok\n");
  } else if (sscanf(line, "rtt %ld %ld", &a, &b) == 2) {
    if (!valid_broker(a)) { printf("error no broker %ld\n", a); return; }
    reply_err(rd_kafka_mock_broker_set_rtt(cluster, (int32_t)a, (int)b));
  } else {
    printf("error unknown command: %s\n", line);
  }
}

int main(int argc, char **argv) {
  char errstr[512];

  if (argc > 1) broker_count = atoi(argv[1]);
  if (broker_count < 1 || broker_count > MAX_BROKERS) {
    fprintf(stderr, "broker_count must be 1..%d\n", MAX_BROKERS);
    return 2;
  }

  /* librdkafka's threads inherit this mask, so SIGTERM/SIGINT reach the main thread only and
   * interrupt its blocking read instead of killing the process mid-write. */
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
  signal(SIGPIPE, SIG_IGN);

  /* The mock cluster needs a client instance for its bookkeeping; it never connects anywhere. */
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "%s\n", errstr);
    return 1;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!rk) {
    fprintf(stderr, "rd_kafka_new failed: %s\n", errstr);
    return 1;
  }
  cluster = rd_kafka_mock_cluster_new(rk, broker_count);
  if (!cluster) {
    fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
    rd_kafka_destroy(rk);
    return 1;
  }

  struct sigaction stop = {0};
  stop.sa_handler = on_signal; /* no SA_RESTART: a signal makes fgets return NULL */
  sigaction(SIGTERM, &stop, NULL);
  sigaction(SIGINT, &stop, NULL);
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL);

  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));

  char line[1024];
  while (!stopping && fgets(line, sizeof(line), stdin)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0') continue;
    run_command(line);
  }

  /* No rd_kafka_mock_cluster_destroy(): it waits up to a second for the cluster thread's poll
   * loop, and the process is ending anyway; the kernel closes every listener and connection. */
  return 0;
}
