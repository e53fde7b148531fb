/** A build table holds its batches' bytes about twice (concatenated columns, group ids, order):
 *  the grace join's budget check and the preview's table cache both count it so. */
export const BUILD_COPIES = 2;
