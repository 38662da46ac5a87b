// args: one "two words" "" --flag=x 3
/* argv and environment handling: argc, every argument (including an empty one and one with a space),
 * getenv of the variables the harness sets, a missing variable, setenv/unsetenv/putenv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv, char **envp) {
    printf("argc=%d\n", argc);
    const char *base = strrchr(argv[0], '/');
    printf("argv[0] basename=%s\n", base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; i++) printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
    extern char **environ;
    printf("envp matches environ: %d\n", envp == environ);
    printf("LC_ALL=[%s]\n", getenv("LC_ALL") ? getenv("LC_ALL") : "(unset)");
    printf("PATH set: %d\n", getenv("PATH") != NULL);
    printf("FLATLAND_GUEST=[%s]\n", getenv("FLATLAND_GUEST") ? getenv("FLATLAND_GUEST") : "(unset)");
    printf("NO_SUCH_VARIABLE_XYZ=%s\n", getenv("NO_SUCH_VARIABLE_XYZ") ? "set" : "(unset)");
    setenv("GT_NEW", "first", 1);
    setenv("GT_NEW", "second", 0);
    printf("setenv no-overwrite: %s\n", getenv("GT_NEW"));
    setenv("GT_NEW", "third", 1);
    printf("setenv overwrite: %s\n", getenv("GT_NEW"));
    static char pe[] = "GT_PUT=put";
    putenv(pe);
    printf("putenv: %s\n", getenv("GT_PUT"));
    unsetenv("GT_NEW");
    printf("unsetenv: %s\n", getenv("GT_NEW") ? "still set" : "gone");
    return 0;
}
