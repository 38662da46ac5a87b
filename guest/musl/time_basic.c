/* Time calls whose output does not depend on the time: time() agrees with clock_gettime(REALTIME) and
 * gettimeofday within a second, CLOCK_MONOTONIC does not go backwards, gmtime/mktime of fixed dates. */
#include <stdio.h>
#include <time.h>
#include <sys/time.h>

int main(void) {
    time_t t0 = time(NULL);
    struct timespec rt, m1, m2;
    clock_gettime(CLOCK_REALTIME, &rt);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t t1 = time(NULL);
    printf("time after 2020: %d\n", t0 > 1577836800);
    printf("time monotone: %d\n", t1 >= t0);
    printf("realtime close to time(): %d\n", rt.tv_sec >= t0 && rt.tv_sec <= t1 + 1);
    printf("gettimeofday close: %d usec in range: %d\n", tv.tv_sec >= t0 && tv.tv_sec <= t1 + 1, tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    clock_gettime(CLOCK_MONOTONIC, &m1);
    volatile unsigned long spin = 0;
    for (int i = 0; i < 100000; i++) spin += (unsigned long)i;
    clock_gettime(CLOCK_MONOTONIC, &m2);
    printf("monotonic non-decreasing: %d nsec in range: %d\n",
        m2.tv_sec > m1.tv_sec || (m2.tv_sec == m1.tv_sec && m2.tv_nsec >= m1.tv_nsec), m1.tv_nsec >= 0 && m1.tv_nsec < 1000000000);
    static const time_t fixed[] = {0, 951782400, 1234567890, 2147483647, 4102444800};
    for (unsigned i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        struct tm tm;
        gmtime_r(&fixed[i], &tm);
        char buf[64];
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &tm);
        printf("%lld -> %s wday=%d yday=%d timegm=%lld\n", (long long)fixed[i], buf, tm.tm_wday, tm.tm_yday, (long long)timegm(&tm));
    }
    return 0;
}
