"""Spark MLlib reference results for test/spark/ml-conformance.test.ts and ml-scoring-conformance.

Usage: python3 spark_reference.py CASES.json RESULTS.json (the suite runs it in its shared Spark,
spark_server.py: run() below).

One SparkSession runs every case of CASES.json, three at a time (threads sharing the session): read
the case's input file, apply its chain of stages (Tributary kind names and catalog parameter names,
mapped here onto pyspark.ml), and record the transformed rows sorted by the id column, each
stage's fitted model data, and the evaluator's metric. A case that fails in Spark records its
error (the differential test then expects Tributary to fail too).

JSON has no NaN or Infinity: such doubles are written as the strings "NaN", "Infinity", "-Infinity".
"""

import json
import math
import os
from concurrent.futures import ThreadPoolExecutor

from local_spark import run_alone

THREADS = 3


def encode(value):
    """A Spark row value as JSON-safe data (vectors as lists)."""
    if value is None:
        return None
    if hasattr(value, "toArray"):
        return [encode(float(x)) for x in value.toArray()]
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def numbers(values):
    return [encode(float(v)) for v in values]


def stage_for(kind, p):
    """(pyspark estimator or transformer, is_evaluator) for a Tributary stage."""
    from pyspark.ml import feature, regression, classification, clustering, evaluation

    if kind == "feature.imputer":
        return feature.Imputer(inputCols=p["inputCols"], outputCols=p.get("outputCols") or p["inputCols"],
                               strategy=p.get("strategy", "mean"),
                               missingValue=float(p.get("missingValue", float("nan")))), False
    if kind == "feature.vectorAssembler":
        return feature.VectorAssembler(inputCols=p["inputCols"], outputCol=p.get("outputCol", "features"),
                                       handleInvalid=p.get("handleInvalid", "error")), False
    if kind == "feature.standardScaler":
        return feature.StandardScaler(inputCol=p["inputCol"], outputCol=p["outputCol"],
                                      withMean=p.get("withMean", False), withStd=p.get("withStd", True)), False
    if kind == "feature.minMaxScaler":
        return feature.MinMaxScaler(inputCol=p["inputCol"], outputCol=p["outputCol"],
                                    min=float(p.get("min", 0)), max=float(p.get("max", 1))), False
    if kind == "feature.stringIndexer":
        return feature.StringIndexer(inputCol=p["inputCol"], outputCol=p["outputCol"],
                                     stringOrderType=p.get("stringOrderType", "frequencyDesc"),
                                     handleInvalid=p.get("handleInvalid", "error")), False
    if kind == "feature.oneHotEncoder":
        return feature.OneHotEncoder(inputCol=p["inputCol"], outputCol=p["outputCol"],
                                     dropLast=p.get("dropLast", True)), False
    if kind == "feature.bucketizer":
        return feature.Bucketizer(inputCol=p["inputCol"], outputCol=p["outputCol"],
                                  splits=[float(s) for s in p["splits"]]), False
    common = dict(featuresCol=p.get("featuresCol", "features"), labelCol=p.get("labelCol", "label"),
                  predictionCol=p.get("predictionCol", "prediction"), regParam=float(p.get("regParam", 0)),
                  elasticNetParam=float(p.get("elasticNetParam", 0)), fitIntercept=p.get("fitIntercept", True),
                  standardization=p.get("standardization", True), maxIter=int(p.get("maxIter", 100)),
                  tol=float(p.get("tol", 1e-6)))
    if p.get("weightCol"):
        common["weightCol"] = p["weightCol"]
    if kind == "model.linearRegression":
        return regression.LinearRegression(**common), False
    if kind == "model.logisticRegression":
        return classification.LogisticRegression(**common, threshold=float(p.get("threshold", 0.5)),
                                                 probabilityCol=p.get("probabilityCol", "probability"),
                                                 rawPredictionCol=p.get("rawPredictionCol", "rawPrediction"),
                                                 family=p.get("family", "auto")), False
    if kind == "model.kmeans":
        return clustering.KMeans(featuresCol=p.get("featuresCol", "features"),
                                 predictionCol=p.get("predictionCol", "prediction"), k=int(p.get("k", 2)),
                                 maxIter=int(p.get("maxIter", 20)), tol=float(p.get("tol", 1e-4)),
                                 seed=int(p.get("seed", 42))), False
    if kind == "model.evaluate":
        metric = p.get("metric", "rmse")
        label, prediction = p.get("labelCol", "label"), p.get("predictionCol", "prediction")
        if metric in ("rmse", "mse", "mae", "r2"):
            return evaluation.RegressionEvaluator(metricName=metric, labelCol=label, predictionCol=prediction), True
        if metric == "areaUnderROC":
            # numBins (default 1000) only down-samples the curve when there are at least
            # 2 * numBins distinct scores; the cases stay below that, so the AUC is exact.
            return evaluation.BinaryClassificationEvaluator(metricName=metric, labelCol=label,
                                                            rawPredictionCol=prediction), True
        if metric == "silhouette":
            return evaluation.ClusteringEvaluator(metricName=metric, featuresCol=p.get("featuresCol", "features"),
                                                  predictionCol=prediction), True
        if metric in ("accuracy", "f1"):
            return evaluation.MulticlassClassificationEvaluator(metricName=metric, labelCol=label,
                                                                predictionCol=prediction), True
        raise ValueError(f"unknown metric {metric}")
    raise ValueError(f"no Spark stage for kind {kind}")


def model_data(kind, model):
    """What a fitted Spark model holds, under the names the test compares."""
    if kind == "feature.imputer":
        row = model.surrogateDF.collect()[0].asDict()
        return {"surrogates": {k: encode(float(v)) if v is not None else None for k, v in row.items()}}
    if kind == "feature.standardScaler":
        return {"mean": numbers(model.mean.toArray()), "std": numbers(model.std.toArray())}
    if kind == "feature.minMaxScaler":
        return {"originalMin": numbers(model.originalMin.toArray()), "originalMax": numbers(model.originalMax.toArray())}
    if kind == "feature.stringIndexer":
        return {"labels": list(model.labelsArray[0])}
    if kind == "feature.oneHotEncoder":
        return {"categorySizes": list(model.categorySizes)}
    if kind == "model.linearRegression":
        s = model.summary
        return {"coefficients": numbers(model.coefficients.toArray()), "intercept": encode(float(model.intercept)),
                "rmse": encode(float(s.rootMeanSquaredError)), "r2": encode(float(s.r2)),
                "iterations": int(s.totalIterations)}
    if kind == "model.logisticRegression":
        if model.getFamily() == "multinomial" or model.numClasses > 2:
            # Row-major K x numFeatures, as Tributary's state.coefficientMatrix.
            return {"coefficientMatrix": numbers(model.coefficientMatrix.toArray().flatten()),
                    "interceptVector": numbers(model.interceptVector.toArray()),
                    "iterations": int(model.summary.totalIterations)}
        return {"coefficients": numbers(model.coefficients.toArray()), "intercept": encode(float(model.intercept)),
                "iterations": int(model.summary.totalIterations)}
    if kind == "model.kmeans":
        return {"centers": [numbers(c) for c in model.clusterCenters()],
                "trainingCost": encode(float(model.summary.trainingCost))}
    return {}


def load_stage(path):
    """A saved stage (or PipelineModel) by the class its metadata names, as pyspark's Model.load."""
    import importlib
    from pyspark.ml import PipelineModel
    from pyspark.ml.util import DefaultParamsReader

    class_name = DefaultParamsReader.loadMetadata(path, SparkContextHolder.sc)["class"]
    if class_name == "org.apache.spark.ml.PipelineModel":
        return PipelineModel.load(path)
    module, name = class_name.replace("org.apache.spark.", "pyspark.").rsplit(".", 1)
    return getattr(importlib.import_module(module), name).load(path)


class SparkContextHolder:
    sc = None


def run_load_case(spark, case):
    """Applies stages saved elsewhere (by Tributary): each {"path": folder} is loaded, each
    {"kind", "params"} built as usual (transformers such as the assembler); with "asPipeline" the
    loaded stages are applied as one PipelineModel."""
    from pyspark.ml import PipelineModel

    df = spark.read.parquet(case["input"]["path"])
    stages = [load_stage(s["path"]) if "path" in s else stage_for(s["kind"], s.get("params", {}))[0] for s in case["stages"]]
    if case.get("asPipeline"):
        df = PipelineModel(stages=stages).transform(df)
    else:
        for stage in stages:
            df = stage.transform(df)
    columns = df.columns
    rows = df.select(*columns).orderBy(case["idCol"]).collect()
    return {"name": case["name"], "models": [], "columns": columns, "rows": [[encode(r[c]) for c in columns] for r in rows]}


def run_case(spark, case):
    if case.get("mode") == "load":
        return run_load_case(spark, case)
    inp = case["input"]
    if inp["format"] == "csv":
        df = spark.read.csv(inp["path"], header=True, inferSchema=True)
    else:
        df = spark.read.parquet(inp["path"])
    models = []
    applied = []
    metric = None
    for stage in case["stages"]:
        kind, params = stage["kind"], stage.get("params", {})
        spark_stage, is_evaluator = stage_for(kind, params)
        # Spark-only settings that Tributary has no parameter for (e.g. the imputer's relativeError).
        for name, value in stage.get("sparkParams", {}).items():
            spark_stage.set(spark_stage.getParam(name), value)
        if is_evaluator:
            metric = {"metric": params.get("metric", "rmse"), "value": encode(float(spark_stage.evaluate(df)))}
            break
        if hasattr(spark_stage, "fit"):
            fitted = spark_stage.fit(df)
            models.append({"kind": kind, **model_data(kind, fitted)})
            df = fitted.transform(df)
        else:
            fitted = spark_stage
            models.append({"kind": kind})
            df = spark_stage.transform(df)
        applied.append(fitted)
        # Round trips: every stage saved by itself (saveDir/I) and all of them as a PipelineModel.
        if case.get("saveDir"):
            fitted.write().overwrite().save(os.path.join(case["saveDir"], str(len(applied) - 1)))
    if case.get("saveDir"):
        from pyspark.ml import PipelineModel
        PipelineModel(stages=applied).write().overwrite().save(os.path.join(case["saveDir"], "pipeline"))
    result = {"name": case["name"], "models": models}
    if metric is not None:
        result["metric"] = metric
    else:
        columns = case.get("columns") or df.columns
        rows = df.select(*columns).orderBy(case["idCol"]).collect()
        result["columns"] = columns
        result["rows"] = [[encode(r[c]) for c in columns] for r in rows]
    return result


def error_text(e):
    """The innermost Java cause's message (a Py4JJavaError's own text only names the call)."""
    java = getattr(e, "java_exception", None)
    if java is not None:
        while java.getCause() is not None:
            java = java.getCause()
        return f"{java.getClass().getName()}: {java.getMessage()}"[:2000]
    return f"{type(e).__name__}: {e}"[:2000]


# This script's Spark SQL settings, on its own session here and in the suite's shared Spark
# (spark_server.py).
SESSION_CONF = {"spark.sql.shuffle.partitions": "2", "spark.sql.session.timeZone": "UTC"}


def run(spark, cases_path, results_path):
    """Every case of CASES.json on the session `spark`; the results to RESULTS.json."""
    with open(cases_path) as f:
        cases = json.load(f)
    SparkContextHolder.sc = spark.sparkContext

    def run_one(case):
        try:
            return run_case(spark, case)
        except Exception as e:  # the case's expected failure, or a broken case: the test tells which
            return {"name": case["name"], "error": error_text(e)}

    # A few cases at once on the one session (Spark schedules jobs from several threads): a case's
    # time is mostly Py4J calls and job scheduling, not computing, so 2 cores serve 3 threads.
    # A 'load' case may load the folders an earlier case saved (saveDir), so the load cases start
    # once every other case has finished; the results keep the cases' order.
    results = [None] * len(cases)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for loads in (False, True):
            batch = [i for i, case in enumerate(cases) if (case.get("mode") == "load") == loads]
            for i, result in zip(batch, pool.map(lambda i: run_one(cases[i]), batch)):
                results[i] = result
    tmp = results_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(results, f, allow_nan=False)
    os.replace(tmp, results_path)


def main():
    run_alone("tributary-ml-conformance", run, SESSION_CONF)


if __name__ == "__main__":
    main()
