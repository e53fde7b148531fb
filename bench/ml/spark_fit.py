"""Spark MLlib's side of the ML scale measurement (bench/ml/make.ts writes the data).

Usage: python3 bench/ml/spark_fit.py DIR/ml.parquet linear|logistic|multinomial|kmeans

local[2] as issue 14's table: imputer -> assembler -> scaler -> model -> evaluate, printing the
whole time and the fit alone (the model's fit call, its input cached and counted first).
"""

import os
import sys
import time


def main():
    path, which = sys.argv[1], sys.argv[2]
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from pyspark.ml import feature, regression, classification, clustering, evaluation

    start = time.time()
    spark = (SparkSession.builder.master("local[2]").appName("tributary-ml-scale")
             .config("spark.ui.enabled", "false").config("spark.driver.memory", "4g")
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    cols = [f"f{i}" for i in range(10)]
    df = spark.read.parquet(path)
    df = feature.Imputer(inputCols=cols, outputCols=cols).fit(df).transform(df)
    df = feature.VectorAssembler(inputCols=cols, outputCol="features").transform(df)
    df = feature.StandardScaler(inputCol="features", outputCol="scaled").fit(df).transform(df)
    df = df.cache()
    df.count()
    if which == "linear":
        est, ev = regression.LinearRegression(featuresCol="scaled", labelCol="y"), evaluation.RegressionEvaluator(labelCol="y", metricName="rmse")
    elif which == "logistic":
        est = classification.LogisticRegression(featuresCol="scaled", labelCol="big")
        ev = evaluation.BinaryClassificationEvaluator(labelCol="big", rawPredictionCol="probability")
    elif which == "multinomial":
        est = classification.LogisticRegression(featuresCol="scaled", labelCol="cls")
        ev = evaluation.MulticlassClassificationEvaluator(labelCol="cls", metricName="accuracy")
    else:
        est, ev = clustering.KMeans(featuresCol="scaled", k=5, seed=42), None
    fit_start = time.time()
    model = est.fit(df)
    fit_seconds = time.time() - fit_start
    value = ev.evaluate(model.transform(df)) if ev else model.summary.trainingCost
    print(f"{which}: fit {fit_seconds:.2f} s, whole {time.time() - start:.2f} s, metric {value}")
    spark.stop()


if __name__ == "__main__":
    main()
