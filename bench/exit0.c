/* The program spawn.c executes: a musl static-PIE that exits at once with status 0. */
int main(void) {
    return 0;
}
