/**
 * Real datasets: readers for the IDX format of MNIST-style datasets ({@link org.dln.linear.data.IdxFile}), CSV and
 * .npy features ({@link org.dln.linear.data.LabelledData}), and the preprocessing of a binary regression task
 * ({@link org.dln.linear.data.BinaryTask}: class pair or odd/even labels as +-1 targets, seeded subsampling,
 * train/test split, centring, normalisation) and its Gram matrices ({@link org.dln.linear.data.Grams}).
 */
package org.dln.linear.data;
